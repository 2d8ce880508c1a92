namespace BareMetal.Provisioning.Drivers;

/// <summary>A device a node can be told to boot from next (Ironic's boot_devices).</summary>
public enum BootDevice
{
    /// <summary>Network boot ("pxe").</summary>
    Pxe,

    /// <summary>The local disk ("disk").</summary>
    Disk,

    /// <summary>The CD/DVD drive or virtual media ("cdrom").</summary>
    Cdrom,

    /// <summary>The firmware setup screen ("bios").</summary>
    Bios,
}
