using BareMetal.Cluster.TestGrains;
using BareMetal.Cluster.Tests.Infrastructure;
using Orleans.Runtime;
using BareMetal.TestInfrastructure;
using Xunit.Abstractions;

namespace BareMetal.Cluster.Tests;

/// <summary>
/// A silo frozen with SIGSTOP looks partitioned to its peers: they declare it dead and move its
/// grains. When it runs again (SIGCONT) it must notice it was declared dead and stop by itself,
/// never serving the grains that now live elsewhere.
/// </summary>
[Collection(ClusterCollection.Name)]
[NeedsPostgres]
public sealed class PartitionTests(PostgresServer postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan SelfStopDeadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task SiloFrozenUntilDeclaredDead_ThenContinued_StopsItselfWithoutServingStaleGrains()
    {
        await using var cluster = await ProcessCluster.StartAsync(postgres, 3, output.WriteLine);
        var victim = cluster.Silos[2];
        await using var client = await cluster.ConnectClientAsync(cluster.Silos[0], cluster.Silos[1]);
        var keys = Enumerable.Range(0, 60).Select(i => $"partition-{i}").ToList();
        await Task.WhenAll(keys.Select(k => client.GrainFactory.GetGrain<ICounterGrain>(k).Increment()));
        var onVictim = (await cluster.ReadCounterDirectoryAsync(client, keys)).Where(r => r.Value == victim.Name).Select(r => r.Key).ToList();
        Assert.NotEmpty(onVictim);

        await using var load = new CounterLoad(client.GrainFactory, keys, cluster.Clock);
        load.Start();
        await Wait.UntilAsync(() => keys.All(k => load.CallsOf(k).Count(c => c.Succeeded) >= 3), "three successful calls on every grain", TimeSpan.FromSeconds(20), () => LoadReport.Failures(load.AllCalls()) + "\n" + cluster.Describe());

        var frozenAt = cluster.Clock.Elapsed;
        victim.Suspend();
        await Wait.UntilAsync(async () => await cluster.StatusOfAsync(victim) == SiloStatus.Dead, $"{victim.Name}'s row Dead while frozen", TimeSpan.FromSeconds(30), cluster.Describe);
        var declaredDeadAt = cluster.Clock.Elapsed;
        var declaredDeadWallClock = DateTimeOffset.UtcNow;

        // Its grains are served by the survivors before it comes back, so it returns to a cluster
        // that has moved on: the case where serving would mean serving stale grains.
        await Wait.UntilAsync(() => load.AllSucceededSince(declaredDeadAt), "a successful call on every grain after the death", TimeSpan.FromSeconds(15), () => LoadReport.Failures(load.AllCalls()) + "\n" + cluster.Describe());

        var continuedAt = cluster.Clock.Elapsed;
        victim.Resume();
        Assert.True(await victim.WaitForExitAsync(SelfStopDeadline), $"{victim.Name} still runs {SelfStopDeadline.TotalSeconds:0} s after SIGCONT\n{cluster.Describe()}");
        var exitedAt = victim.ExitedAt ?? cluster.Clock.Elapsed;

        await Wait.UntilAsync(() => keys.All(k => load.CallsOf(k).Count(c => c.Succeeded && c.Start >= exitedAt) >= 3), "three successful calls on every grain after the exit", TimeSpan.FromSeconds(20), () => LoadReport.Failures(load.AllCalls()) + "\n" + cluster.Describe());
        await load.StopAsync();

        var calls = load.AllCalls();
        output.WriteLine($"{victim.Name} hosted {onVictim.Count} of {keys.Count} grains; declared dead {(declaredDeadAt - frozenAt).TotalSeconds:0.000} s after SIGSTOP (as polled); exited with {victim.ExitCode} {(exitedAt - continuedAt).TotalSeconds:0.000} s after SIGCONT");
        output.WriteLine($"{load.Successes} successful calls; {LoadReport.Failures(calls)}");

        // No call made after the death was served by the dead silo, before or after it ran again.
        var staleServed = calls.Where(c => c.Succeeded && c.Start >= declaredDeadAt && c.Reply!.Silo == victim.Name).ToList();
        Assert.True(staleServed.Count == 0, $"{staleServed.Count} calls made after {victim.Name} was declared dead were served by it, e.g. {staleServed.FirstOrDefault()}");

        // Nor did it write grain state after its death (a stale activation writing would show here).
        var states = await cluster.ReadStatesAsync("counter", "counter");
        var staleWrites = states.Where(s => s.Value.Payload?.Contains($"\"{victim.Name}\"", StringComparison.Ordinal) == true && s.Value.UpdatedAt > declaredDeadWallClock).ToList();
        Assert.True(staleWrites.Count == 0, $"{victim.Name} wrote state after its death: {string.Join(", ", staleWrites.Select(s => s.Key))}");

        var violations = LoadReport.HistoryViolations(load, initialCount: 1);
        Assert.True(violations.Count == 0, string.Join('\n', violations.Take(20)));
    }
}
