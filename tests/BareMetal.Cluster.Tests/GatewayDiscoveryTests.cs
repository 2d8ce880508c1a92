using BareMetal.Client.Cluster;
using BareMetal.Cluster.Tests.Infrastructure;
using BareMetal.Storage.Orleans;
using BareMetal.TestInfrastructure;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace BareMetal.Cluster.Tests;

/// <summary>
/// A client that reads its gateways from the membership table (as a gateway-only host does when it is given the
/// cluster's database) drops a frozen silo once the cluster declares it dead. With a fixed gateway list the frozen
/// silo keeps its open connection, and every call the client routes through it waits for the response timeout for as
/// long as the freeze lasts.
/// </summary>
[Collection(ClusterCollection.Name)]
[NeedsPostgres]
public sealed class GatewayDiscoveryTests(PostgresServer postgres, ITestOutputHelper output)
{
    // The client re-reads the gateway list every second (ClusterClientOptions' default); two periods of margin.
    private static readonly TimeSpan s_listSettles = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task ADiscoveringClient_StopsCallingThroughAFrozenSilo_OnceItIsDeclaredDead()
    {
        await using var cluster = await ProcessCluster.StartAsync(postgres, 3, output.WriteLine);
        var victim = cluster.Silos[2];
        var options = new ClusterClientOptions
        {
            ClusterId = ProcessCluster.ClusterId,
            ClusterSecret = cluster.ClusterSecret,
            ResponseTimeout = cluster.ClientResponseTimeout,
            DiscoverGateways = client => client.UseBareMetalPostgres(o => o.ConnectionString = cluster.ConnectionString),
        };
        await using var client = await ClusterConnection.ConnectAsync(options, cluster.ClientGrainAssemblies, TimeSpan.FromSeconds(30));
        await Wait.UntilAsync(() => client.ConnectedGateways == 3, "the client connected to all three gateways", TimeSpan.FromSeconds(20), cluster.Describe);

        var keys = Enumerable.Range(0, 60).Select(i => $"discovery-{i}").ToList();
        await using var load = new CounterLoad(client.GrainFactory, keys, cluster.Clock);
        load.Start();
        await Wait.UntilAsync(() => keys.All(k => load.CallsOf(k).Count(c => c.Succeeded) >= 3), "three successful calls on every grain", TimeSpan.FromSeconds(20), () => LoadReport.Failures(load.AllCalls()) + "\n" + cluster.Describe());

        victim.Suspend();
        try
        {
            await Wait.UntilAsync(async () => await cluster.StatusOfAsync(victim) == SiloStatus.Dead, $"{victim.Name}'s row Dead while frozen", TimeSpan.FromSeconds(30), cluster.Describe);
            var settledAt = cluster.Clock.Elapsed + s_listSettles;

            // The silo stays frozen: every call the client starts once its list has settled is served by a survivor.
            await Wait.UntilAsync(
                () => keys.All(k => load.CallsOf(k).Count(c => c.Succeeded && c.Start >= settledAt) >= 3),
                "three successful calls on every grain after the list settled, the silo still frozen",
                TimeSpan.FromSeconds(30),
                () => LoadReport.Failures(load.AllCalls()) + "\n" + cluster.Describe());
            await load.StopAsync();
            var failedAfter = load.AllCalls().Where(c => !c.Succeeded && c.Start >= settledAt).ToList();
            output.WriteLine($"{load.Successes} successful calls; {LoadReport.Failures(load.AllCalls())}");
            Assert.True(failedAfter.Count == 0, $"{failedAfter.Count} calls started after the gateway list settled failed, e.g. {failedAfter.FirstOrDefault()}");
        }
        finally
        {
            victim.Resume();
        }

        Assert.True(await victim.WaitForExitAsync(TimeSpan.FromSeconds(15)), $"{victim.Name} still runs after SIGCONT\n{cluster.Describe()}");
    }
}
