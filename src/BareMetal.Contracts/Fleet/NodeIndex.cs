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

    /// <summary>The shard number (0..<see cref="ShardCount"/>-1) of a node: stable across processes and versions.</summary>
    public static int ShardOf(string nodeId)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        // string.GetHashCode is randomized per process; a digest is the same everywhere.
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(nodeId), digest);
        return digest[0] % ShardCount;
    }

    /// <summary>The grain key of a shard.</summary>
    public static string ShardKey(int shard)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, ShardCount);
        return "shard-" + shard.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The grain key of the shard that holds <paramref name="nodeId"/>.</summary>
    public static string ShardKeyOf(string nodeId) => ShardKey(ShardOf(nodeId));
}
