namespace BareMetal.Provisioning.Drivers;

/// <summary>What the BMC will boot the node from.</summary>
/// <param name="Device">The device; <see langword="null"/> when no override is set (the firmware's own order applies).</param>
/// <param name="Persistent">Whether the choice holds for every boot rather than only the next one.</param>
public sealed record BootDeviceSetting(BootDevice? Device, bool Persistent);
