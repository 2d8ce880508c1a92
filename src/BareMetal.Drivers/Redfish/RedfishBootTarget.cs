using BareMetal.Provisioning.Drivers;

namespace BareMetal.Drivers.Redfish;

/// <summary>How Ironic's boot devices map to the ComputerSystem's Boot.BootSourceOverrideTarget and Enabled values.</summary>
internal static class RedfishBootTarget
{
    public const string Once = "Once";
    public const string Continuous = "Continuous";
    public const string Disabled = "Disabled";

    public static string Of(BootDevice device) => device switch
    {
        BootDevice.Pxe => "Pxe",
        BootDevice.Disk => "Hdd",
        BootDevice.Cdrom => "Cd",
        BootDevice.Bios => "BiosSetup",
        _ => throw new ArgumentOutOfRangeException(nameof(device), device, "Not a boot device."),
    };

    /// <summary>The boot device a BootSourceOverrideTarget stands for; null for "None" and targets Ironic has no name for.</summary>
    public static BootDevice? DeviceOf(string? target) => target switch
    {
        "Pxe" => BootDevice.Pxe,
        "Hdd" => BootDevice.Disk,
        "Cd" => BootDevice.Cdrom,
        "BiosSetup" => BootDevice.Bios,
        _ => null,
    };
}
