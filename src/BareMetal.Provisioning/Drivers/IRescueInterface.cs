namespace BareMetal.Provisioning.Drivers;

/// <summary>Booting a deployed node into a rescue ramdisk an operator can log in to, and back.</summary>
public interface IRescueInterface
{
    /// <summary>
    /// Boots the rescue ramdisk with <paramref name="rescuePassword"/> for its rescue user. Usually returns
    /// <see cref="DriverStepOutcome.Pending"/>: the ramdisk agent reports through <see cref="IDriverCallbackSink"/>
    /// with the same token once it is up.
    /// </summary>
    /// <param name="context">The node and its driver_info.</param>
    /// <param name="rescuePassword">The password for the rescue user (a secret: never logged).</param>
    /// <param name="token">Identifies this step in callbacks.</param>
    /// <param name="cancellationToken">Cancels the hand-over (an agent already booting reports anyway; the node ignores it).</param>
    /// <returns>How the step ended, or that a callback will follow.</returns>
    Task<DriverStepResult> RescueAsync(NodeDriverContext context, string rescuePassword, StepToken token, CancellationToken cancellationToken);

    /// <summary>Boots the node back into its deployed instance.</summary>
    /// <param name="context">The node and its driver_info.</param>
    /// <param name="token">Identifies this step.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>How the step ended.</returns>
    Task<DriverStepResult> UnrescueAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken);
}
