using System.Globalization;
using BareMetal.Cluster.TestGrains;
using BareMetal.Cluster.Tests.Infrastructure;
using Orleans.Runtime;
using BareMetal.TestInfrastructure;
using Xunit.Abstractions;

namespace BareMetal.Cluster.Tests;

/// <summary>
/// A silo stopped with SIGTERM while a client drives steady load on grains of every silo. Two tests
/// of the same scenario: what the runtime guarantees today (a leave that loses nothing and ends
/// Dead with exit code 0), and the issue's goal that the leave is drain-free (no call fails, calls
/// running on the leaving silo complete there).
/// </summary>
[Collection(ClusterCollection.Name)]
[NeedsPostgres]
public sealed class GracefulShutdownTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const int SlowCallMilliseconds = 3000;
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SiloTerminated_DuringSteadyLoad_ExitsZeroLeavesAsDeadAndLosesNoIncrement()
    {
        await using var cluster = await ProcessCluster.StartAsync(postgres, 3, output.WriteLine);
        await using var client = await cluster.ConnectClientAsync(cluster.Silos[0], cluster.Silos[1]);
        var outcome = await TerminateUnderLoadAsync(cluster, client);

        var violations = LoadReport.HistoryViolations(outcome.Load, initialCount: 1);
        Assert.True(violations.Count == 0, string.Join('\n', violations.Take(40)));

        // Failures, if any, are the leaving silo's grains only, reported as SiloUnavailableException
        // (retry elsewhere) while it left, and none after it exited.
        Assert.All(outcome.Calls.Where(c => !c.Succeeded), c => Assert.True(
            outcome.OnVictim.Contains(c.Key) && SiloLoss.Reported(c.Error) && c.Start >= outcome.TerminatedAt && c.End <= outcome.ExitedAt + TimeSpan.FromSeconds(2),
            $"unexpected failure of {c.Key} at {c.End.TotalSeconds:0.000} s: {c.Error}\n{cluster.Describe()}"));
    }

    /// <remarks>
    /// Our runtime's goal was a leave without any failed call. Orleans' graceful stop guarantees less, and this checks
    /// what it guarantees: calls running on the leaving silo complete there, and a call that reaches it while it stops
    /// is refused at once ("Silo stopping", an <see cref="OrleansMessageRejectionException"/>), never lost or timed
    /// out, so the caller's immediate retry succeeds on a survivor.
    /// </remarks>
    [Fact]
    public async Task SiloTerminated_DuringSteadyLoad_CallsInFlightCompleteThereAndRefusedCallsSucceedOnRetry()
    {
        await using var cluster = await ProcessCluster.StartAsync(postgres, 3, output.WriteLine);
        await using var client = await cluster.ConnectClientAsync(cluster.Silos[0], cluster.Silos[1]);
        var outcome = await TerminateUnderLoadAsync(cluster, client);

        // Calls running on the leaving silo when it was told to stop complete there.
        var slow = await Task.WhenAll(outcome.SlowCalls.Select(async call =>
        {
            try
            {
                return (await call).Silo;
            }
            catch (Exception exception) when (exception is OrleansException or TimeoutException)
            {
                return $"{exception.GetType().Name}: {exception.Message}";
            }
        }));
        Assert.True(slow.All(s => s == outcome.Victim.Name), $"calls in flight on {outcome.Victim.Name} at SIGTERM ended: {string.Join("; ", slow.Distinct())}\n{cluster.Describe()}");

        Assert.All(outcome.Calls.Where(c => !c.Succeeded), c => Assert.True(
            c.Error is OrleansMessageRejectionException,
            $"a call failed otherwise than refused while {outcome.Victim.Name} stopped: {c.Key} at {c.End.TotalSeconds:0.000} s: {c.Error}\n{cluster.Describe()}"));
        foreach (var key in outcome.Load.Keys)
        {
            var calls = outcome.Load.CallsOf(key);
            for (var i = 0; i + 1 < calls.Count; i++)
            {
                Assert.True(calls[i].Succeeded || calls[i + 1].Succeeded, $"{key}: the retry after a refused call failed too: {calls[i + 1].Error}");
            }
        }
    }

    /// <summary>Load on counters of every silo, long calls running on silo-3, then SIGTERM to silo-3; the load runs on until every grain answered three times after the exit.</summary>
    private async Task<TerminationOutcome> TerminateUnderLoadAsync(ProcessCluster cluster, ClusterConnection client)
    {
        var victim = cluster.Silos[2];
        var keys = Enumerable.Range(0, 60).Select(i => $"drain-{i}").ToList();
        await Task.WhenAll(keys.Select(k => client.GrainFactory.GetGrain<ICounterGrain>(k).Increment()));
        var onVictim = (await cluster.ReadCounterDirectoryAsync(client, keys)).Where(r => r.Value == victim.Name).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(onVictim);
        var slowKeys = Enumerable.Range(0, 30).Select(i => $"slow-{i}").ToList();
        await Task.WhenAll(slowKeys.Select(k => client.GrainFactory.GetGrain<ISlowGrain>(k).Work(0)));
        var slowOnVictim = (await cluster.ReadDirectoryAsync(client, slowKeys, k => client.GrainFactory.GetGrain<ISlowGrain>(k))).Where(r => r.Value == victim.Name).Select(r => r.Key).ToList();
        Assert.NotEmpty(slowOnVictim);

        await using var load = new CounterLoad(client.GrainFactory, keys, cluster.Clock);
        load.Start();
        await Wait.UntilAsync(() => keys.All(k => load.CallsOf(k).Count(c => c.Succeeded) >= 3), "three successful calls on every grain", TimeSpan.FromSeconds(20), () => LoadReport.Failures(load.AllCalls()) + "\n" + cluster.Describe());

        // Long calls confirmed running on the victim right before the signal.
        var slowCalls = slowOnVictim.Select(k => client.GrainFactory.GetGrain<ISlowGrain>(k).Work(SlowCallMilliseconds)).ToList();
        await Wait.UntilAsync(
            async () => (await Task.WhenAll(slowOnVictim.Select(k => client.GrainFactory.GetGrain<ISlowGrain>(k).InFlight()))).All(n => n == 1),
            "every slow call running on the victim", TimeSpan.FromSeconds(10), cluster.Describe);
        Assert.True(slowCalls.All(c => !c.IsCompleted), "the slow calls ended before the signal; the drain check would prove nothing");

        var terminatedAt = cluster.Clock.Elapsed;
        victim.Terminate();
        Assert.True(await victim.WaitForExitAsync(ExitDeadline), $"{victim.Name} still runs {ExitDeadline.TotalSeconds:0} s after SIGTERM\n{cluster.Describe()}");
        var exitedAt = victim.ExitedAt ?? cluster.Clock.Elapsed;
        Assert.Equal(0, victim.ExitCode);
        Assert.Equal(SiloStatus.Dead, await cluster.StatusOfAsync(victim));

        await Wait.UntilAsync(() => keys.All(k => load.CallsOf(k).Count(c => c.Succeeded && c.Start >= exitedAt) >= 3), "three successful calls on every grain after the exit", TimeSpan.FromSeconds(20), () => LoadReport.Failures(load.AllCalls()) + "\n" + cluster.Describe());
        await load.StopAsync();
        var calls = load.AllCalls();
        output.WriteLine($"{victim.Name} hosted {onVictim.Count} counters and {slowOnVictim.Count} slow grains; exited {(exitedAt - terminatedAt).TotalSeconds:0.000} s after SIGTERM");
        output.WriteLine($"{load.Successes} successful calls; {LoadReport.Failures(calls)}");
        output.WriteLine($"longest failure streak per grain: {LongestFailureStreak(load)}");
        return new TerminationOutcome(victim, onVictim, load, calls, slowCalls, terminatedAt, exitedAt);
    }

    /// <summary>The most consecutive failed calls of one grain and how long they lasted: whether an immediate retry helps.</summary>
    private static string LongestFailureStreak(CounterLoad load)
    {
        var worst = (Key: "-", Count: 0, Span: TimeSpan.Zero);
        foreach (var key in load.Keys)
        {
            var streak = new List<CounterCall>();
            foreach (var call in load.CallsOf(key).Append(null))
            {
                if (call is { Succeeded: false })
                {
                    streak.Add(call);
                    continue;
                }

                if (streak.Count > worst.Count)
                {
                    worst = (key, streak.Count, streak[^1].End - streak[0].Start);
                }

                streak.Clear();
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{worst.Count} calls over {worst.Span.TotalSeconds:0.000} s ({worst.Key})");
    }

    private sealed record TerminationOutcome(
        SiloProcess Victim,
        IReadOnlySet<string> OnVictim,
        CounterLoad Load,
        IReadOnlyList<CounterCall> Calls,
        IReadOnlyList<Task<Location>> SlowCalls,
        TimeSpan TerminatedAt,
        TimeSpan ExitedAt);
}
