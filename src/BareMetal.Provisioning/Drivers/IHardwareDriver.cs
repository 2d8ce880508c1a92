namespace BareMetal.Provisioning.Drivers;

/// <summary>
/// A hardware type (Ironic's "driver"): a name and the interfaces through which the control plane
/// talks to a node's hardware. Drivers are called outside any grain turn; a node grain starts a step
/// and receives its result as a message, so a driver may take as long as the hardware needs.
/// </summary>
public interface IHardwareDriver
{
    /// <summary>The name nodes refer to in their <c>driver</c> field, e.g. "fake-hardware".</summary>
    string Name { get; }

    /// <summary>Reads and changes power.</summary>
    IPowerInterface Power { get; }

    /// <summary>Validates credentials and talks to the BMC about the node itself.</summary>
    IManagementInterface Management { get; }

    /// <summary>Writes images, tears instances down and cleans disks.</summary>
    IDeployInterface Deploy { get; }

    /// <summary>Prepares and removes the ramdisk the node boots for deploy and clean.</summary>
    IBootInterface Boot { get; }

    /// <summary>Discovers the node's hardware properties.</summary>
    IInspectInterface Inspect { get; }

    /// <summary>Boots a deployed node into a rescue ramdisk and back.</summary>
    IRescueInterface Rescue { get; }

    /// <summary>
    /// Reports the real state of a step by its token, or <see langword="null"/> when the driver cannot
    /// (then a step that is not idempotent and was in flight on a lost silo fails instead of running twice).
    /// </summary>
    IStepStatusInterface? StepStatus => null;

    /// <summary>
    /// Chooses the device the node boots from, or <see langword="null"/> when the hardware type has no such control
    /// (then deploy powers the written node on as it is).
    /// </summary>
    IBootDeviceInterface? BootDevice => null;
}
