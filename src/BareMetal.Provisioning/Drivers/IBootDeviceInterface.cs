namespace BareMetal.Provisioning.Drivers;

/// <summary>Choosing the device a node boots from, through its BMC (part of Ironic's management interface).</summary>
public interface IBootDeviceInterface
{
    /// <summary>Reads the boot device override from the BMC.</summary>
    /// <param name="context">The node and its driver_info.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>What the BMC reports.</returns>
    /// <exception cref="DriverException">The BMC could not be reached or answered with an error.</exception>
    Task<BootDeviceSetting> GetBootDeviceAsync(NodeDriverContext context, CancellationToken cancellationToken);

    /// <summary>Tells the BMC which device to boot from next (or always, when <paramref name="persistent"/>).</summary>
    /// <param name="context">The node and its driver_info.</param>
    /// <param name="device">The device.</param>
    /// <param name="persistent">Whether the choice applies to every boot rather than the next one only.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="DriverException">The BMC could not be reached or refused the request.</exception>
    Task SetBootDeviceAsync(NodeDriverContext context, BootDevice device, bool persistent, CancellationToken cancellationToken);
}
