using BareMetal.Runtime.Serialization;

namespace BareMetal.Contracts.Fleet;

/// <summary>How many nodes there are, by provision state, power state, maintenance and error.</summary>
/// <param name="Total">All nodes.</param>
/// <param name="ByProvisionState">Counts keyed by Ironic state name ("available", "active", ...).</param>
/// <param name="ByPowerState">Counts keyed by power state name ("power on", "power off", ...).</param>
/// <param name="InMaintenance">Nodes in maintenance.</param>
/// <param name="WithError">Nodes with a last_error.</param>
/// <param name="PendingOperations">Operations queued or running on all nodes.</param>
[Immutable]
public sealed record FleetCounts(
    int Total,
    IReadOnlyDictionary<string, int> ByProvisionState,
    IReadOnlyDictionary<string, int> ByPowerState,
    int InMaintenance,
    int WithError,
    int PendingOperations);
