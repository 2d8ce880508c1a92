namespace BareMetal.Provisioning.Drivers;

/// <summary>
/// Asks the hardware about a step started earlier, by its token. A node whose silo was lost while a step
/// that is not idempotent was in flight uses the answer to finish, resume or fail the step instead of
/// running it a second time.
/// </summary>
public interface IStepStatusInterface
{
    /// <summary>Reads the real state of the step <paramref name="token"/> (from the BMC or agent, not from a cache of this process).</summary>
    /// <param name="context">The node and its driver_info.</param>
    /// <param name="token">The step, as it was passed to the driver when the step was started.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The step's state; <see cref="DriverStepState.Unknown"/> when the driver cannot tell.</returns>
    /// <exception cref="DriverException">The hardware could not be reached; the caller asks again later.</exception>
    Task<DriverStepStatus> GetStepStatusAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken);
}
