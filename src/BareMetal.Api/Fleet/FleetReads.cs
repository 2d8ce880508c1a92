using BareMetal.Contracts.Fleet;

namespace BareMetal.Api.Fleet;

/// <summary>Fleet-wide reads for the gateway: the contracts' <see cref="FleetQueries"/>, in one place the endpoints share.</summary>
internal static class FleetReads
{
    /// <summary>One page of nodes, ordered by creation time then id; <see cref="ArgumentException"/> for a bad cursor.</summary>
    public static Task<NodePage> ListNodesAsync(IGrainFactory grains, NodeQuery query) => FleetQueries.ListNodesAsync(grains, query);

    /// <summary>One page of operations, newest first; <see cref="ArgumentException"/> for a bad cursor.</summary>
    public static Task<OperationPage> ListOperationsAsync(IGrainFactory grains, OperationQuery query) => FleetQueries.ListOperationsAsync(grains, query);

    /// <summary>The node id an id or name designates; null when none.</summary>
    public static Task<string?> ResolveNodeAsync(IGrainFactory grains, string ident) => FleetQueries.ResolveNodeAsync(grains, ident);
}
