namespace BareMetal.Contracts.Nodes;

/// <summary>The result of one power-sync call to a node's BMC, sent to the node as a message.</summary>
/// <param name="Sync">Which sync of the node's activation it answers; older ones are ignored.</param>
/// <param name="Reading">The hardware's power state; <see langword="null"/> when the call failed.</param>
/// <param name="Error">Why the call failed, when it failed.</param>
/// <param name="Restored">
/// <see langword="true"/> when the call put the recorded power state back on the hardware (then
/// <paramref name="Reading"/> is the state it set), <see langword="false"/> for a plain read.
/// </param>
[GenerateSerializer, Alias("baremetal.NodePowerSyncReport")]
public sealed record NodePowerSyncReport([property: Id(0)] long Sync, [property: Id(1)] PowerState? Reading, [property: Id(2)] string? Error, [property: Id(3)] bool Restored = false);
