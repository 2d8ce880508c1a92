using BareMetal.Cluster.TestGrains;
using BareMetal.Cluster.Tests.Infrastructure;
using BareMetal.TestInfrastructure;
using Xunit.Abstractions;

namespace BareMetal.Cluster.Tests;

/// <summary>An external client connected to two gateways keeps working when one of them dies.</summary>
[Collection(ClusterCollection.Name)]
[NeedsPostgres]
public sealed class ClientFailoverTests(PostgresServer postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task GatewayKilled_ClientConnectedToTwoGateways_CallsContinueThroughTheOther()
    {
        await using var cluster = await ProcessCluster.StartAsync(postgres, 3, output.WriteLine);
        var gateway = cluster.Silos[0];
        await using var client = await cluster.ConnectClientAsync(gateway, cluster.Silos[1]);
        Assert.Equal(2, client.ConnectedGateways);

        // Grains hosted elsewhere than the doomed gateway: this test is about the client's route,
        // not about grain failover (FailoverTests covers that).
        var candidates = Enumerable.Range(0, 120).Select(i => $"client-{i}").ToList();
        await Task.WhenAll(candidates.Select(k => client.GrainFactory.GetGrain<ICounterGrain>(k).Increment()));
        var directory = await cluster.ReadCounterDirectoryAsync(client, candidates);
        var keys = candidates.Where(k => directory[k] != gateway.Name).ToList();
        Assert.True(keys.Count >= 30, $"only {keys.Count} grains outside {gateway.Name}");

        await using var load = new CounterLoad(client.GrainFactory, keys, cluster.Clock);
        load.Start();
        await Wait.UntilAsync(() => keys.All(k => load.CallsOf(k).Count(c => c.Succeeded) >= 3), "three successful calls on every grain", TimeSpan.FromSeconds(20), () => LoadReport.Failures(load.AllCalls()) + "\n" + cluster.Describe());

        var killedAt = cluster.Clock.Elapsed;
        gateway.Kill();
        await Wait.UntilAsync(() => client.ConnectedGateways == 1, "the client dropping the dead gateway", TimeSpan.FromSeconds(10), cluster.Describe);
        var droppedAt = cluster.Clock.Elapsed;
        await Wait.UntilAsync(() => load.AllSucceededSince(killedAt), "a successful call on every grain after the kill", cluster.ClientResponseTimeout + TimeSpan.FromSeconds(10), () => LoadReport.Failures(load.AllCalls()) + "\n" + cluster.Describe());
        var resumedAt = cluster.Clock.Elapsed;
        await Wait.UntilAsync(() => keys.All(k => load.CallsOf(k).Count(c => c.Succeeded && c.Start >= resumedAt) >= 3), "three more successful calls on every grain", TimeSpan.FromSeconds(20), () => LoadReport.Failures(load.AllCalls()) + "\n" + cluster.Describe());
        await load.StopAsync();

        var calls = load.AllCalls();
        var failed = calls.Where(c => !c.Succeeded).ToList();
        var recovery = keys.Select(k => load.CallsOf(k).First(c => c.Succeeded && c.Start >= killedAt).End - killedAt).ToList();
        output.WriteLine($"{keys.Count} grains; kill -> first success per grain: {LoadReport.Spread(recovery)}");
        output.WriteLine($"{load.Successes} successful calls; {LoadReport.Failures(calls)}");

        // Only calls in flight through the dead gateway failed: at most one per sequential caller (plus one sent
        // while the loss was being noticed). Our runtime failed them at once; Orleans loses a call sent through a
        // gateway that dies and reports it when the response timeout passes, so the in-flight one is a timeout
        // ending one response timeout after the kill, and one refused right after the kill is a reported loss.
        // Until the client has dropped the gateway it may still send on that connection, and such a call is lost too.
        var lostBy = droppedAt + cluster.ClientResponseTimeout + TimeSpan.FromSeconds(2);
        Assert.All(failed, c => Assert.True(
            (SiloLoss.LostInFlight(c, killedAt) || (c.Error is TimeoutException && c.Start <= droppedAt && c.End >= killedAt)
                || (SiloLoss.Reported(c.Error) && c.Start >= killedAt - TimeSpan.FromSeconds(1))) && c.End <= lostBy,
            $"unexpected failure of {c.Key} at {c.End.TotalSeconds:0.000} s: {c.Error}"));
        Assert.All(keys, k => Assert.True(load.CallsOf(k).Count(c => !c.Succeeded) <= 2, $"{k} failed {load.CallsOf(k).Count(c => !c.Succeeded)} times"));
        var violations = LoadReport.HistoryViolations(load, initialCount: 1);
        Assert.True(violations.Count == 0, string.Join('\n', violations.Take(20)));
    }
}
