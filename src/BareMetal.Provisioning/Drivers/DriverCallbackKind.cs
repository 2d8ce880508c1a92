namespace BareMetal.Provisioning.Drivers;

/// <summary>What a <see cref="DriverCallback"/> reports.</summary>
public enum DriverCallbackKind
{
    /// <summary>The agent is alive and still working on the step.</summary>
    Heartbeat,

    /// <summary>The step finished successfully.</summary>
    Done,

    /// <summary>The step failed; see <see cref="DriverCallback.Message"/>.</summary>
    Failed,
}
