namespace BareMetal.Api.Models;

/// <summary>The body of PUT /api/nodes/{node}/management/boot-device.</summary>
public sealed record BootDeviceBody
{
    /// <summary>"pxe", "disk", "cdrom" or "bios".</summary>
    public string? BootDevice { get; init; }

    /// <summary>Whether the device applies to every boot; false (the next boot only) when omitted.</summary>
    public bool Persistent { get; init; }
}
