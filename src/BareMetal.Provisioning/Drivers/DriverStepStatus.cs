namespace BareMetal.Provisioning.Drivers;

/// <summary>The real state of one step on the hardware, as its driver reports it.</summary>
/// <param name="State">Where the step is.</param>
/// <param name="Message">Why it failed (for <see cref="DriverStepState.Failed"/>), or what the driver knows otherwise.</param>
public sealed record DriverStepStatus(DriverStepState State, string? Message = null)
{
    /// <summary>The driver cannot tell.</summary>
    public static DriverStepStatus Unknown { get; } = new(DriverStepState.Unknown);
}
