namespace BareMetal.Provisioning.Drivers;

/// <summary>How a driver step ended.</summary>
public enum DriverStepOutcome
{
    /// <summary>The step finished successfully.</summary>
    Done,

    /// <summary>The step continues elsewhere; a <see cref="DriverCallback"/> with the same token will follow.</summary>
    Pending,

    /// <summary>The step failed; see <see cref="DriverStepResult.Message"/>.</summary>
    Failed,

    /// <summary>The step was cancelled before it finished.</summary>
    Cancelled,
}
