using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Nodes;
using BareMetal.Drivers.Simulated;
using BareMetal.Hosting;
using BareMetal.Provisioning.Tests.Infrastructure;

namespace BareMetal.Provisioning.Tests.Fleet;

public sealed class NodeIndexPersistenceTests
{
    [Fact]
    public async Task The_index_lists_the_same_nodes_after_a_silo_restart_and_old_feed_positions_are_truncated()
    {
        await using var cluster = await ProvisioningTestCluster.StartAsync(
            configureServices: services => services.AddNodeProvisioning().AddSimulatedDrivers().AddFleetServices());
        var tag = "restart" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var id = Guid.NewGuid().ToString();
            await cluster.GrainFactory.GetGrain<INodeGrain>(id).Enroll(new NodeEnrollment($"{tag}-{i}", SimulatedHardwareDriver.DriverName));
            ids.Add(id);
        }

        var shard = cluster.GrainFactory.GetGrain<INodeIndexGrain>(NodeIndex.ShardKeyOf(ids[0]));
        var position = (await shard.Changes(long.MaxValue, TimeSpan.Zero)).LastSequence;
        var before = await FleetQueries.ListNodesAsync(cluster.GrainFactory, new NodeQuery(Search: tag));

        await cluster.RestartSiloAsync();
        var after = await FleetQueries.ListNodesAsync(cluster.GrainFactory, new NodeQuery(Search: tag));
        var feed = await cluster.GrainFactory.GetGrain<INodeIndexGrain>(NodeIndex.ShardKeyOf(ids[0])).Changes(position, TimeSpan.Zero);

        Assert.Equal(6, before.Nodes.Count);
        Assert.Equal(before.Nodes.Select(n => n.Id), after.Nodes.Select(n => n.Id));
        Assert.True(feed.Truncated);
        Assert.True(feed.LastSequence > position);
    }
}
