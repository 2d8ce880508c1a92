using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Api.Ironic;

/// <summary>Finds nodes for the API: by UUID or name, and lists of them from the fleet index.</summary>
internal sealed class NodeDirectory(IGrainFactory grains)
{
    public INodeGrain Node(string nodeId) => grains.GetResolvedGrain<INodeGrain>(nodeId);

    public INodeNameGrain Name(string name) => grains.GetResolvedGrain<INodeNameGrain>(name);

    /// <summary>The node id for a URL ident (a UUID, or a name from 1.5); 404 when no node answers to it.</summary>
    public async Task<string> ResolveAsync(string ident, IronicRequest request)
    {
        if (NodeNames.AsUuid(ident) is { } uuid)
        {
            return uuid;
        }

        if (request.Version.IsAtLeast(5) && NodeNames.IsValid(ident) && await Name(ident).Resolve() is { } nodeId)
        {
            return nodeId;
        }

        throw IronicApiException.NotFound($"Node {ident} could not be found.");
    }

    /// <summary>Resolves and reads a node.</summary>
    public async Task<NodeView> GetAsync(string ident, IronicRequest request)
    {
        var nodeId = await ResolveAsync(ident, request);
        try
        {
            return await Node(nodeId).Get();
        }
        catch (NodeNotFoundException)
        {
            throw IronicApiException.NotFound($"Node {ident} could not be found.");
        }
    }

    /// <summary>
    /// Every node matching <paramref name="query"/> from all index shards, oldest first (Ironic's default order by
    /// database id is creation order). Each shard answers at most <see cref="NodeQuery.Limit"/> nodes.
    /// </summary>
    public async Task<List<NodeView>> ListAsync(NodeQuery query)
    {
        var shards = Enumerable.Range(0, NodeIndex.ShardCount)
            .Select(shard => grains.GetResolvedGrain<INodeIndexGrain>(NodeIndex.ShardKey(shard)).Query(query));
        var pages = await Task.WhenAll(shards);
        return pages.SelectMany(p => p)
            .OrderBy(n => n.CreatedAt)
            .ThenBy(n => n.Id, StringComparer.Ordinal)
            .ToList();
    }
}
