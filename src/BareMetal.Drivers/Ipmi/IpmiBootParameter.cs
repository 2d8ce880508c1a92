using BareMetal.Provisioning.Drivers;

namespace BareMetal.Drivers.Ipmi;

/// <summary>ipmitool's words for boot devices, and its report of boot parameter 5 (the boot flags).</summary>
internal static class IpmiBootParameter
{
    /// <summary>The device name <c>ipmitool chassis bootdev</c> takes.</summary>
    public static string Name(BootDevice device) => device switch
    {
        BootDevice.Pxe => "pxe",
        BootDevice.Disk => "disk",
        BootDevice.Cdrom => "cdrom",
        BootDevice.Bios => "bios",
        _ => throw new ArgumentOutOfRangeException(nameof(device), device, "Not a boot device."),
    };

    /// <summary>Reads <c>ipmitool chassis bootparam get 5</c>'s "Boot Device Selector" and "Options apply to" lines.</summary>
    public static BootDeviceSetting Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var selector = output.Split('\n').FirstOrDefault(l => l.Contains("Boot Device Selector", StringComparison.OrdinalIgnoreCase)) ?? string.Empty;
        BootDevice? device =
            selector.Contains("PXE", StringComparison.OrdinalIgnoreCase) ? BootDevice.Pxe
            : selector.Contains("Hard-Drive", StringComparison.OrdinalIgnoreCase) ? BootDevice.Disk
            : selector.Contains("CD/DVD", StringComparison.OrdinalIgnoreCase) ? BootDevice.Cdrom
            : selector.Contains("BIOS Setup", StringComparison.OrdinalIgnoreCase) ? BootDevice.Bios
            : null;
        var persistent = output.Contains("Options apply to all future boots", StringComparison.OrdinalIgnoreCase);
        return new BootDeviceSetting(device, persistent);
    }
}
