using System.Security.Cryptography;
using System.Text;
using BareMetal.Contracts.Fleet;

namespace BareMetal.Provisioning.Tests.Fleet;

public sealed class NodeIndexShardTests
{
    [Fact]
    public void A_node_lands_in_the_shard_its_digest_names_every_time_it_is_asked()
    {
        // Persisted shards depend on this mapping: asking again (from the memo) must never move a node.
        for (var i = 0; i < 200; i++)
        {
            var nodeId = Guid.NewGuid().ToString();
            var expected = SHA256.HashData(Encoding.UTF8.GetBytes(nodeId))[0] % NodeIndex.ShardCount;

            Assert.Equal(expected, NodeIndex.ShardOf(nodeId));
            Assert.Equal(expected, NodeIndex.ShardOf(new string(nodeId.AsSpan())));
            Assert.Equal("shard-" + expected, NodeIndex.ShardKeyOf(nodeId));
        }
    }
}
