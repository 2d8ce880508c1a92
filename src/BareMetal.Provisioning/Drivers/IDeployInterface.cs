namespace BareMetal.Provisioning.Drivers;

/// <summary>Deploying, tearing down and cleaning a node.</summary>
public interface IDeployInterface
{
    /// <summary>
    /// Writes <paramref name="image"/> to the node's disk. <b>Not idempotent</b>: the caller journals
    /// <paramref name="token"/> before calling and never repeats a step token blindly. Usually returns
    /// <see cref="DriverStepOutcome.Pending"/>: the ramdisk agent reports the end through
    /// <see cref="IDriverCallbackSink"/> with the same token.
    /// </summary>
    /// <param name="context">The node and its driver_info.</param>
    /// <param name="image">What to write.</param>
    /// <param name="token">Identifies this step in callbacks and journal entries.</param>
    /// <param name="cancellationToken">Cancels the call (not a write already handed to an agent).</param>
    /// <returns>How the step ended, or that a callback will follow.</returns>
    Task<DriverStepResult> WriteImageAsync(NodeDriverContext context, DeployImage image, StepToken token, CancellationToken cancellationToken);

    /// <summary>Tears a deployed instance down (powers the node off, detaches what deploy attached).</summary>
    /// <param name="context">The node and its driver_info.</param>
    /// <param name="token">Identifies this step.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>How the step ended, or that a callback will follow.</returns>
    Task<DriverStepResult> TearDownAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken);

    /// <summary>Cleans the node's disks and settings so it can be handed to the next tenant.</summary>
    /// <param name="context">The node and its driver_info.</param>
    /// <param name="token">Identifies this step.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>How the step ended, or that a callback will follow.</returns>
    Task<DriverStepResult> CleanAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken);

    /// <summary>Runs the operator's <paramref name="steps"/> in order (manual cleaning). Not idempotent.</summary>
    /// <param name="context">The node and its driver_info.</param>
    /// <param name="steps">The steps, in the order given.</param>
    /// <param name="token">Identifies this step.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>How the step ended, or that a callback will follow.</returns>
    Task<DriverStepResult> CleanAsync(NodeDriverContext context, IReadOnlyList<CleanStep> steps, StepToken token, CancellationToken cancellationToken);
}
