using BareMetal.Runtime.Client;
using BareMetal.Runtime.Testing;
using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;

namespace BareMetal.Runtime.Tests.Cluster;

public sealed class GatewayDiscoveryTests
{
    [Fact]
    public async Task ClientWithMembershipTable_FindsGatewaysItself_AndFollowsNewSilos()
    {
        var options = new InProcessTestClusterOptions { InitialSilos = 1 };
        await using var cluster = await InProcessTestCluster.StartAsync(options);
        var clientOptions = new ClusterClientOptions { ClusterSecret = options.ClusterSecret, MembershipTable = cluster.MembershipTable, ReconnectPeriod = TimeSpan.FromMilliseconds(200) };

        await using var client = await ClusterClient.ConnectAsync(clientOptions);
        Assert.Equal(1, client.ConnectedGateways);
        await cluster.StartSiloAsync();
        await cluster.WaitForMembershipToSettleAsync();

        await Wait.UntilAsync(() => client.ConnectedGateways == 2, "the client to connect to the new silo's gateway");
        Assert.Equal(1, await client.GrainFactory.GetGrain<ICounterGrain>(Guid.NewGuid().ToString()).IncrementSlowly());
    }
}
