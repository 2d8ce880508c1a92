using BareMetal.Contracts.Nodes;
using BareMetal.Provisioning.Drivers;

namespace BareMetal.Provisioning.Nodes;

/// <summary>
/// Runs one hardware step against a driver, outside any grain turn, and turns whatever happens (result or
/// exception) into the report the node grain receives.
/// </summary>
internal static class NodeStepExecutor
{
    /// <summary>Runs <paramref name="step"/> and describes how it ended; never throws.</summary>
    public static async Task<NodeStepReport> ExecuteAsync(
        IHardwareDriver driver,
        NodeDriverContext context,
        NodeStep step,
        NodeProvisioningOptions options,
        CancellationToken cancellationToken)
    {
        var token = new StepToken(context.NodeId, step.OperationId, step.Number, step.Attempt);
        try
        {
            if (step.Kind == NodeStepKind.Inspect)
            {
                var properties = await driver.Inspect.InspectHardwareAsync(context, token, cancellationToken).ConfigureAwait(false);
                return new(step.OperationId, step.Number, step.Attempt, NodeStepOutcome.Done) { Properties = properties };
            }

            var result = step.Kind switch
            {
                NodeStepKind.Validate => await driver.Management.ValidateAsync(context, cancellationToken).ConfigureAwait(false),
                NodeStepKind.Clean when step.CleanSteps is { } steps => await driver.Deploy.CleanAsync(context, steps, token, cancellationToken).ConfigureAwait(false),
                NodeStepKind.Clean => await driver.Deploy.CleanAsync(context, token, cancellationToken).ConfigureAwait(false),
                NodeStepKind.WriteImage => await driver.Deploy.WriteImageAsync(context, new DeployImage(step.Image ?? options.DefaultImage), token, cancellationToken).ConfigureAwait(false),
                NodeStepKind.PowerOn => await BootInstanceAsync(driver, context, cancellationToken).ConfigureAwait(false),
                NodeStepKind.TearDown => await driver.Deploy.TearDownAsync(context, token, cancellationToken).ConfigureAwait(false),
                NodeStepKind.Rescue => await driver.Rescue.RescueAsync(context, step.RescuePassword ?? string.Empty, token, cancellationToken).ConfigureAwait(false),
                NodeStepKind.Unrescue => await driver.Rescue.UnrescueAsync(context, token, cancellationToken).ConfigureAwait(false),
                NodeStepKind.Power => await driver.Power.SetPowerStateAsync(context, step.Power ?? PowerAction.On, cancellationToken).ConfigureAwait(false),
                _ => DriverStepResult.Failed($"unknown step {step.Kind}"),
            };
            if (step.Kind == NodeStepKind.Validate && result.Outcome == DriverStepOutcome.Done)
            {
                // As Ironic's verify: a node whose management answers gets its power state at once, not a sync later.
                return new(step.OperationId, step.Number, step.Attempt, NodeStepOutcome.Done)
                {
                    PowerState = await ReadPowerStateAsync(driver, context, cancellationToken).ConfigureAwait(false),
                };
            }

            return result.Outcome switch
            {
                DriverStepOutcome.Done => new(step.OperationId, step.Number, step.Attempt, NodeStepOutcome.Done),
                DriverStepOutcome.Pending => new(step.OperationId, step.Number, step.Attempt, NodeStepOutcome.Pending),
                DriverStepOutcome.Cancelled => new(step.OperationId, step.Number, step.Attempt, NodeStepOutcome.Failed, $"{Describe(step.Kind)} was cancelled"),
                _ => new(step.OperationId, step.Number, step.Attempt, NodeStepOutcome.Failed, result.Message ?? $"{Describe(step.Kind)} failed"),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new(step.OperationId, step.Number, step.Attempt, NodeStepOutcome.Failed, $"{Describe(step.Kind)} was cancelled");
        }
#pragma warning disable CA1031 // Any driver failure becomes a failed step reported to the node.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return new(step.OperationId, step.Number, step.Attempt, NodeStepOutcome.Failed, exception.Message);
        }
    }

    // After the image is written: a node whose BMC can choose the boot device is told to boot from disk from now on and
    // rebooted out of the deploy ramdisk into the instance (Ironic's reboot_to_instance); others are powered on as they are.
    private static async Task<DriverStepResult> BootInstanceAsync(IHardwareDriver driver, NodeDriverContext context, CancellationToken cancellationToken)
    {
        if (driver.BootDevice is not { } bootDevice)
        {
            return await driver.Power.SetPowerStateAsync(context, PowerAction.On, cancellationToken).ConfigureAwait(false);
        }

        await bootDevice.SetBootDeviceAsync(context, BootDevice.Disk, persistent: true, cancellationToken).ConfigureAwait(false);
        return await driver.Power.SetPowerStateAsync(context, PowerAction.Reboot, cancellationToken).ConfigureAwait(false);
    }

    // Best effort: a power state that cannot be read now is read by the node's next power sync.
    private static async Task<PowerState?> ReadPowerStateAsync(IHardwareDriver driver, NodeDriverContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await driver.Power.GetPowerStateAsync(context, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any failure leaves the power state unknown until the next sync.
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary>What a step does, for progress messages and history.</summary>
    public static string Describe(NodeStepKind kind) => kind switch
    {
        NodeStepKind.Validate => "validate management",
        NodeStepKind.Clean => "clean",
        NodeStepKind.WriteImage => "write image",
        NodeStepKind.PowerOn => "power on",
        NodeStepKind.TearDown => "tear down",
        NodeStepKind.Inspect => "inspect hardware",
        NodeStepKind.Rescue => "boot rescue ramdisk",
        NodeStepKind.Unrescue => "boot the instance again",
        NodeStepKind.Power => "power action",
        _ => kind.ToString(),
    };
}
