using BareMetal.Contracts.Nodes;

namespace BareMetal.Drivers.Simulated;

/// <summary>What a simulated node's hardware holds between steps: its power and the image on its disk.</summary>
/// <param name="Power">The power state.</param>
/// <param name="ImageSource">The image on the disk; <see langword="null"/> when none.</param>
/// <param name="ImageChecksum">That image's checksum.</param>
internal sealed record SimulatedHardwareState(PowerState Power, string? ImageSource, string? ImageChecksum);
