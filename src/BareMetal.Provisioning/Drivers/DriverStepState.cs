namespace BareMetal.Provisioning.Drivers;

/// <summary>What the hardware says about a step token (see <see cref="IStepStatusInterface"/>).</summary>
public enum DriverStepState
{
    /// <summary>The hardware has no trace of the step: it never ran and may be started.</summary>
    NotStarted,

    /// <summary>The step was started and is still running (an agent is writing, a clean is going on).</summary>
    InProgress,

    /// <summary>The step finished successfully.</summary>
    Done,

    /// <summary>The step finished with an error; see <see cref="DriverStepStatus.Message"/>.</summary>
    Failed,

    /// <summary>The driver cannot tell whether the step ran or how it ended.</summary>
    Unknown,
}
