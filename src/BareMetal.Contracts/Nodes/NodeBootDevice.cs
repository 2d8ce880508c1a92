namespace BareMetal.Contracts.Nodes;

/// <summary>The device a node boots from, as its BMC reports or is told (Ironic's boot_device document).</summary>
/// <param name="BootDevice">"pxe", "disk", "cdrom" or "bios"; <see langword="null"/> when the BMC has no override.</param>
/// <param name="Persistent">Whether it applies to every boot rather than the next one only.</param>
[GenerateSerializer, Alias("baremetal.NodeBootDevice")]
public sealed record NodeBootDevice([property: Id(0)] string? BootDevice, [property: Id(1)] bool Persistent)
{
    /// <summary>The boot devices a hardware type with boot device control can set (Ironic's names).</summary>
    public static IReadOnlyList<string> Names { get; } = ["pxe", "disk", "cdrom", "bios"];
}
