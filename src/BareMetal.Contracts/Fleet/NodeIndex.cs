using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BareMetal.Contracts.Fleet;

/// <summary>How nodes are spread over the index shards (<see cref="INodeIndexGrain"/>, <see cref="IOperationIndexGrain"/>).</summary>
public static class NodeIndex
{
    /// <summary>
    /// The number of shards. Fixed: changing it would move nodes between shards. Sixteen keeps each shard
    /// small for fleets of tens of thousands while a full listing still asks only sixteen grains.
    /// </summary>
    public const int ShardCount = 16;

    /// <summary>More node ids than a fleet has; the memo of shards starts over when it holds this many.</summary>
    private const int MemoCapacity = 1 << 16;

    private static readonly string[] s_shardKeys =
        [.. Enumerable.Range(0, ShardCount).Select(shard => "shard-" + shard.ToString(CultureInfo.InvariantCulture))];

    // Every node and operation change asks for its node's shard; the digest costs microseconds, the memo nanoseconds.
    private static readonly ConcurrentDictionary<string, int> s_shards = new(StringComparer.Ordinal);

    /// <summary>The shard number (0..<see cref="ShardCount"/>-1) of a node: stable across processes and versions.</summary>
    public static int ShardOf(string nodeId)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        if (s_shards.TryGetValue(nodeId, out var known))
        {
            return known;
        }

        var shard = Digest(nodeId);
        if (s_shards.Count >= MemoCapacity)
        {
            s_shards.Clear();
        }

        s_shards.TryAdd(nodeId, shard);
        return shard;
    }

    /// <summary>The grain key of a shard.</summary>
    public static string ShardKey(int shard)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, ShardCount);
        return s_shardKeys[shard];
    }

    /// <summary>The grain key of the shard that holds <paramref name="nodeId"/>.</summary>
    public static string ShardKeyOf(string nodeId) => ShardKey(ShardOf(nodeId));

    private static int Digest(string nodeId)
    {
        // string.GetHashCode is randomized per process; a digest is the same everywhere.
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(nodeId), digest);
        return digest[0] % ShardCount;
    }
}
