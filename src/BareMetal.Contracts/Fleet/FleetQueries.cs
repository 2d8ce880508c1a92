using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;

namespace BareMetal.Contracts.Fleet;

/// <summary>
/// Fleet-wide reads over the index shards (<see cref="INodeIndexGrain"/>, <see cref="IOperationIndexGrain"/>):
/// every shard is asked in parallel and the answers are merged into one ordered page. Usable from a silo, the
/// gateway or an external client.
/// </summary>
public static class FleetQueries
{
    /// <summary>The largest page.</summary>
    public const int MaxLimit = 1000;

    /// <summary>One page of nodes matching <paramref name="query"/>, ordered by creation time then id.</summary>
    /// <exception cref="ArgumentException">The limit is out of range or the cursor is malformed (the message names the field).</exception>
    public static async Task<NodePage> ListNodesAsync(IGrainFactory grains, NodeQuery query)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(query);
        CheckPage(query.Limit, query.After, nameof(query));

        // Each shard returns at most Limit + 1 (to tell whether there is a next page); the merge keeps Limit.
        var shardQuery = query with { Limit = query.Limit + 1 };
        var answers = await Task.WhenAll(AllShards().Select(key => grains.GetResolvedGrain<INodeIndexGrain>(key).Query(shardQuery)));
        var merged = answers.SelectMany(a => a)
            .OrderBy(n => n.CreatedAt)
            .ThenBy(n => n.Id, StringComparer.Ordinal)
            .Take(query.Limit + 1)
            .ToList();
        if (merged.Count <= query.Limit)
        {
            return new NodePage(merged, null);
        }

        merged.RemoveAt(merged.Count - 1);
        var last = merged[^1];
        return new NodePage(merged, NodeCursor.Encode(last.CreatedAt, last.Id));
    }

    /// <summary>The fleet's counts, summed over the shards.</summary>
    public static async Task<FleetCounts> CountsAsync(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var answers = await Task.WhenAll(AllShards().Select(key => grains.GetResolvedGrain<INodeIndexGrain>(key).Counts()));
        var byProvision = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var byPower = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var counts in answers)
        {
            Add(byProvision, counts.ByProvisionState);
            Add(byPower, counts.ByPowerState);
        }

        return new FleetCounts(
            answers.Sum(c => c.Total),
            byProvision,
            byPower,
            answers.Sum(c => c.InMaintenance),
            answers.Sum(c => c.WithError),
            answers.Sum(c => c.PendingOperations));
    }

    /// <summary>One page of operations matching <paramref name="query"/>, newest first (by creation time, then id).</summary>
    /// <exception cref="ArgumentException">The limit is out of range or the cursor is malformed (the message names the field).</exception>
    public static async Task<OperationPage> ListOperationsAsync(IGrainFactory grains, OperationQuery query)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(query);
        CheckPage(query.Limit, query.After, nameof(query));

        var shardQuery = query with { Limit = query.Limit + 1 };
        IEnumerable<string> shards = query.NodeId is null ? AllShards() : [NodeIndex.ShardKeyOf(query.NodeId)];
        var answers = await Task.WhenAll(shards.Select(key => grains.GetResolvedGrain<IOperationIndexGrain>(key).Query(shardQuery)));
        var merged = answers.SelectMany(a => a)
            .OrderByDescending(o => o.CreatedAt)
            .ThenByDescending(o => o.Id, StringComparer.Ordinal)
            .Take(query.Limit + 1)
            .ToList();
        if (merged.Count <= query.Limit)
        {
            return new OperationPage(merged, null);
        }

        merged.RemoveAt(merged.Count - 1);
        var last = merged[^1];
        return new OperationPage(merged, NodeCursor.Encode(last.CreatedAt, last.Id));
    }

    /// <summary>
    /// The node id that <paramref name="ident"/> designates: itself when a node with that id exists, else the node
    /// holding that name; null when neither.
    /// </summary>
    public static async Task<string?> ResolveNodeAsync(IGrainFactory grains, string ident)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrWhiteSpace(ident);
        // The index answers for ids without activating a node grain for every unknown ident.
        if (await grains.GetResolvedGrain<INodeIndexGrain>(NodeIndex.ShardKeyOf(ident)).Find(ident) is not null)
        {
            return ident;
        }

        if (await grains.GetResolvedGrain<INodeNameGrain>(ident).Resolve() is { } byName)
        {
            return byName;
        }

        // The index may lag behind a node written just before a silo crash (see NodeIndexGrain): ask the node itself.
        try
        {
            return (await grains.GetResolvedGrain<INodeGrain>(ident).Get()).Id;
        }
        catch (NodeNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The keys of every index shard.</summary>
    public static IEnumerable<string> AllShards() => Enumerable.Range(0, NodeIndex.ShardCount).Select(NodeIndex.ShardKey);

    private static void CheckPage(int limit, string? after, string parameter)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw new ArgumentException($"limit must be between 1 and {MaxLimit} (was {limit}).", parameter);
        }

        if (after is not null && !NodeCursor.TryDecode(after, out _, out _))
        {
            throw new ArgumentException($"after: the cursor '{after}' is not valid; use the next cursor of a previous page.", parameter);
        }
    }

    private static void Add(SortedDictionary<string, int> into, IReadOnlyDictionary<string, int> counts)
    {
        foreach (var (key, count) in counts)
        {
            into[key] = into.GetValueOrDefault(key) + count;
        }
    }
}
