using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.Drivers;

/// <summary>Power control of a node through its BMC.</summary>
public interface IPowerInterface
{
    /// <summary>Reads the power state from the hardware (not from any cache).</summary>
    /// <param name="context">The node and its driver_info.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The power state the hardware reports.</returns>
    /// <exception cref="DriverException">The BMC could not be reached or answered with an error.</exception>
    Task<PowerState> GetPowerStateAsync(NodeDriverContext context, CancellationToken cancellationToken);

    /// <summary>Applies a power action.</summary>
    /// <param name="context">The node and its driver_info.</param>
    /// <param name="action">What to do.</param>
    /// <param name="cancellationToken">Cancels the step; the result is then <see cref="DriverStepOutcome.Cancelled"/>.</param>
    /// <returns>How the step ended.</returns>
    Task<DriverStepResult> SetPowerStateAsync(NodeDriverContext context, PowerAction action, CancellationToken cancellationToken);
}
