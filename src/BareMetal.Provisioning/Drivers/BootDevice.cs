namespace BareMetal.Provisioning.Drivers;

/// <summary>A device a node can be told to boot from through its BMC (Ironic's boot_device values).</summary>
public enum BootDevice
{
    /// <summary>Network boot (PXE), e.g. into the deploy ramdisk.</summary>
    Pxe,

    /// <summary>The default hard disk, e.g. the deployed instance.</summary>
    Disk,

    /// <summary>The CD/DVD drive (or virtual media presented as one).</summary>
    Cdrom,

    /// <summary>The firmware's setup screen.</summary>
    Bios,
}
