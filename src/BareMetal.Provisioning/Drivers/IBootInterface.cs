namespace BareMetal.Provisioning.Drivers;

/// <summary>Booting a node into the deploy/clean ramdisk and back.</summary>
public interface IBootInterface
{
    /// <summary>Prepares the node to boot the ramdisk (PXE config, virtual media, ...).</summary>
    /// <param name="context">The node and its driver_info.</param>
    /// <param name="token">Identifies this step.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>How the step ended.</returns>
    Task<DriverStepResult> PrepareRamdiskAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken);

    /// <summary>Removes what <see cref="PrepareRamdiskAsync"/> set up.</summary>
    /// <param name="context">The node and its driver_info.</param>
    /// <param name="token">Identifies this step.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>How the step ended.</returns>
    Task<DriverStepResult> CleanUpRamdiskAsync(NodeDriverContext context, StepToken token, CancellationToken cancellationToken);
}
