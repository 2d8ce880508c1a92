namespace BareMetal.Provisioning.Drivers;

/// <summary>What a BMC reports as the next boot device.</summary>
/// <param name="Device">The device; <see langword="null"/> when the BMC has no override (the firmware's own order applies).</param>
/// <param name="Persistent">Whether the override applies to every boot (<see langword="false"/>: the next boot only).</param>
public sealed record BootDeviceSetting(BootDevice? Device, bool Persistent);
