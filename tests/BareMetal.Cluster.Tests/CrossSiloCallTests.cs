using BareMetal.Cluster.TestGrains;
using BareMetal.Cluster.Tests.Infrastructure;
using BareMetal.TestInfrastructure;
using Xunit.Abstractions;

namespace BareMetal.Cluster.Tests;

[Collection(ClusterCollection.Name)]
[NeedsPostgres]
public sealed class CrossSiloCallTests(PostgresServer postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task ThreeSilos_ClientCallsThroughAllGateways_EveryGrainHasOneActivationAndConsistentState()
    {
        await using var cluster = await ProcessCluster.StartAsync(postgres, 3, output.WriteLine);
        await using var client = await cluster.ConnectClientAsync([.. cluster.Silos]);
        var keys = Enumerable.Range(0, 90).Select(i => $"cross-{i}").ToList();

        var replies = new Dictionary<string, List<CounterReply>>(StringComparer.Ordinal);
        for (var round = 1; round <= 3; round++)
        {
            var results = await Task.WhenAll(keys.Select(k => client.GrainFactory.GetGrain<ICounterGrain>(k).Increment()));
            for (var i = 0; i < keys.Count; i++)
            {
                Assert.Equal(round, results[i].Count);
                (replies.TryGetValue(keys[i], out var list) ? list : replies[keys[i]] = []).Add(results[i]);
            }
        }

        // One activation per grain, on the silo the directory names; every silo hosts some.
        var directory = await cluster.ReadCounterDirectoryAsync(client, keys);
        foreach (var key in keys)
        {
            var activations = replies[key].Select(r => (r.Silo, r.Activation)).Distinct().ToList();
            Assert.Single(activations);
            Assert.Equal(activations[0].Silo, directory[key]);
        }

        var perSilo = keys.GroupBy(k => directory[k] ?? "none").ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"counters per silo: {string.Join(", ", perSilo.Select(p => $"{p.Key}={p.Value}"))}");
        Assert.Equal(cluster.Silos.Select(s => s.Name).Order(), perSilo.Keys.Order());

        // Stored state agrees with what the calls acknowledged: three writes each.
        var states = await cluster.ReadStatesAsync("counter", "counter");
        Assert.All(keys, key => Assert.Equal(3, states[key].Version));
    }

    [Fact]
    public async Task ThreeSilos_GrainCallsGrainOnAnotherSilo_CallsSucceedAndStateIsShared()
    {
        await using var cluster = await ProcessCluster.StartAsync(postgres, 3, output.WriteLine);
        await using var client = await cluster.ConnectClientAsync(cluster.Silos[0]);
        const int Pairs = 60;

        // Every relay increments its own counter twice, and every counter is also incremented by the client.
        for (var round = 1; round <= 2; round++)
        {
            var relayed = await Task.WhenAll(Enumerable.Range(0, Pairs).Select(i =>
                client.GrainFactory.GetGrain<IRelayGrain>($"relay-{i}").IncrementCounter($"relayed-{i}")));
            Assert.All(relayed, r => Assert.Equal(round, r.Counter.Count));
            var crossSilo = relayed.Count(r => r.RelaySilo != r.Counter.Silo);
            output.WriteLine($"round {round}: {crossSilo} of {Pairs} relay calls crossed silos");
            Assert.True(crossSilo > 0, "with three silos some relay and counter pairs land on different silos");
        }

        var direct = await Task.WhenAll(Enumerable.Range(0, Pairs).Select(i => client.GrainFactory.GetGrain<ICounterGrain>($"relayed-{i}").Increment()));
        Assert.All(direct, r => Assert.Equal(3, r.Count));
    }
}
