namespace BareMetal.Provisioning.Drivers;

/// <summary>Reading and choosing the device a node boots from (Ironic's management get/set_boot_device).</summary>
public interface IBootDeviceInterface
{
    /// <summary>Reads the boot device the BMC has set for the node.</summary>
    /// <param name="context">The node and its driver_info.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The device and whether it holds for every boot.</returns>
    /// <exception cref="DriverException">The BMC could not be reached or answered with an error.</exception>
    Task<BootDeviceSetting> GetBootDeviceAsync(NodeDriverContext context, CancellationToken cancellationToken);

    /// <summary>Makes the node boot from <paramref name="device"/>, for the next boot only or for every boot.</summary>
    /// <param name="context">The node and its driver_info.</param>
    /// <param name="device">The device.</param>
    /// <param name="persistent"><see langword="true"/> for every boot, <see langword="false"/> for the next one only.</param>
    /// <param name="cancellationToken">Cancels the step; the result is then <see cref="DriverStepOutcome.Cancelled"/>.</param>
    /// <returns>How the step ended.</returns>
    Task<DriverStepResult> SetBootDeviceAsync(NodeDriverContext context, BootDevice device, bool persistent, CancellationToken cancellationToken);
}
