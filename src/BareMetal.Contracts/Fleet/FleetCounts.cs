
namespace BareMetal.Contracts.Fleet;

/// <summary>How many nodes there are, by provision state, power state, maintenance and error.</summary>
/// <param name="Total">All nodes.</param>
/// <param name="ByProvisionState">Counts keyed by Ironic state name ("available", "active", ...).</param>
/// <param name="ByPowerState">Counts keyed by power state name ("power on", "power off", ...).</param>
/// <param name="InMaintenance">Nodes in maintenance.</param>
/// <param name="WithError">Nodes with a last_error.</param>
/// <param name="PendingOperations">Operations queued or running on all nodes.</param>
[GenerateSerializer, Immutable, Alias("baremetal.FleetCounts")]
public sealed record FleetCounts(
    [property: Id(0)] int Total,
    [property: Id(1)] IReadOnlyDictionary<string, int> ByProvisionState,
    [property: Id(2)] IReadOnlyDictionary<string, int> ByPowerState,
    [property: Id(3)] int InMaintenance,
    [property: Id(4)] int WithError,
    [property: Id(5)] int PendingOperations);
