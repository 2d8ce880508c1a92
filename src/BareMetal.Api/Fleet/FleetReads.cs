using System.Globalization;
using System.Text;
using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Nodes;
using BareMetal.Runtime;

namespace BareMetal.Api.Fleet;

/// <summary>
/// Fleet-wide reads for the gateway, over the index shards. Kept in one place so the gateway follows the fleet
/// queries of the contracts as they grow.
/// </summary>
internal static class FleetReads
{
    /// <summary>The largest page.</summary>
    public const int MaxLimit = 1000;

    /// <summary>One page of nodes, ordered by creation time then id.</summary>
    public static async Task<NodePage> ListNodesAsync(IGrainFactory grains, NodeQuery query)
    {
        CheckCursor(query.After);
        // Each shard returns at most Limit + 1 (to tell whether there is a next page); the merge keeps Limit.
        var shardQuery = query with { Limit = query.Limit + 1 };
        var answers = await Task.WhenAll(AllShards().Select(key => grains.GetGrain<INodeIndexGrain>(key).Query(shardQuery)));
        var merged = answers.SelectMany(a => a).OrderBy(n => n.CreatedAt).ThenBy(n => n.Id, StringComparer.Ordinal).Take(query.Limit + 1).ToList();
        if (merged.Count <= query.Limit)
        {
            return new NodePage(merged, null);
        }

        merged.RemoveAt(merged.Count - 1);
        return new NodePage(merged, EncodeCursor(merged[^1].CreatedAt, merged[^1].Id));
    }

    /// <summary>One page of operations, newest first.</summary>
    public static async Task<OperationPage> ListOperationsAsync(IGrainFactory grains, OperationQuery query)
    {
        CheckCursor(query.After);
        var shardQuery = query with { Limit = query.Limit + 1 };
        IEnumerable<string> shards = query.NodeId is null ? AllShards() : [NodeIndex.ShardKeyOf(query.NodeId)];
        var answers = await Task.WhenAll(shards.Select(key => grains.GetGrain<IOperationIndexGrain>(key).Query(shardQuery)));
        var merged = answers.SelectMany(a => a).OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id, StringComparer.Ordinal).Take(query.Limit + 1).ToList();
        if (merged.Count <= query.Limit)
        {
            return new OperationPage(merged, null);
        }

        merged.RemoveAt(merged.Count - 1);
        return new OperationPage(merged, EncodeCursor(merged[^1].CreatedAt, merged[^1].Id));
    }

    /// <summary>The node id an id or name designates; null when none.</summary>
    public static async Task<string?> ResolveNodeAsync(IGrainFactory grains, string ident)
    {
        if (await grains.GetGrain<INodeNameGrain>(ident).Resolve() is { } byName)
        {
            return byName;
        }

        return await ExistsAsync(grains, ident) ? ident : null;
    }

    private static IEnumerable<string> AllShards() => Enumerable.Range(0, NodeIndex.ShardCount).Select(NodeIndex.ShardKey);

    // The cursor is the sort key of the last item of a page: base64url of "<utc ticks>:<id>".
    private static string EncodeCursor(DateTimeOffset at, string id)
    {
        var text = at.UtcTicks.ToString(CultureInfo.InvariantCulture) + ":" + id;
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static void CheckCursor(string? cursor)
    {
        if (cursor is null)
        {
            return;
        }

        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && colon < text.Length - 1 && long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return;
            }
        }
        catch (FormatException)
        {
            // Reported below like any other malformed cursor.
        }

        throw new ArgumentException($"The cursor '{cursor}' is not valid.", "cursor");
    }

    /// <summary>Whether <paramref name="nodeId"/> is enrolled.</summary>
    public static async Task<bool> ExistsAsync(IGrainFactory grains, string nodeId)
    {
        try
        {
            await grains.GetGrain<INodeGrain>(nodeId).Get();
            return true;
        }
        catch (NodeNotFoundException)
        {
            return false;
        }
    }
}
