using BareMetal.Api.Errors;
using BareMetal.Api.Fleet;
using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;

namespace BareMetal.Api.Endpoints;

/// <summary>Finds nodes by id or name, and reads what the API shows with them.</summary>
internal static class NodeLookup
{
    /// <summary>The longest node name or id accepted in a path.</summary>
    public const int MaxIdentLength = 255;

    /// <summary>The id of the node <paramref name="ident"/> names (its id, a UUID in any format, or its name); 404 when none.</summary>
    public static ValueTask<string> ResolveAsync(IGrainFactory grains, string ident)
    {
        if (string.IsNullOrWhiteSpace(ident) || ident.Length > MaxIdentLength)
        {
            throw ApiProblemException.BadRequest($"'{Truncate(ident)}' is not a node id or name (1 to {MaxIdentLength} characters).");
        }

        if (Guid.TryParse(ident, out var uuid))
        {
            // Ids as the API writes them (lower-case, with hyphens) are answered as they are, without a copy.
            Span<char> canonical = stackalloc char[36];
            return ValueTask.FromResult(uuid.TryFormat(canonical, out _, "D") && canonical.SequenceEqual(ident) ? ident : uuid.ToString("D"));
        }

        return ResolveNameAsync(grains, ident);
    }

    private static async ValueTask<string> ResolveNameAsync(IGrainFactory grains, string ident) =>
        await FleetReads.ResolveNodeAsync(grains, ident)
            ?? throw ApiProblemException.NotFound("node-not-found", $"No node has the id or name '{ident}'.");

    /// <summary>The node's view and its pending operations.</summary>
    public static async Task<(NodeView Node, IReadOnlyList<OperationView> Pending)> ReadAsync(IGrainFactory grains, string nodeId)
    {
        var node = await grains.GetResolvedGrain<INodeGrain>(nodeId).Get();
        var pending = await OperationsAsync(grains, node.PendingOperationIds);
        return (node, pending);
    }

    /// <summary>The views of <paramref name="operationIds"/>, in order, skipping any that vanished.</summary>
    public static async Task<IReadOnlyList<OperationView>> OperationsAsync(IGrainFactory grains, IEnumerable<string> operationIds)
    {
        var reads = operationIds.Select(async id =>
        {
            try
            {
                return await grains.GetResolvedGrain<IOperationGrain>(id).Get();
            }
            catch (OperationStateException)
            {
                return null;
            }
        });
        return (await Task.WhenAll(reads)).OfType<OperationView>().ToList();
    }

    private static string Truncate(string? text) => text is null ? string.Empty : text.Length <= 64 ? text : text[..64] + "...";
}
