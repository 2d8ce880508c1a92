using System.Globalization;
using BareMetal.Cluster.TestGrains;
using BareMetal.Cluster.Tests.Infrastructure;
using BareMetal.TestInfrastructure;
using Orleans.Runtime;

namespace BareMetal.Cluster.Benchmarks;

/// <summary>
/// SIGKILL (or SIGSTOP) to the first successful call on a grain of the dead (or frozen) silo (see Program.cs).
/// </summary>
internal static class Failover
{
    private const int Grains = 300;
    private static readonly TimeSpan PauseAfterFailure = TimeSpan.FromMilliseconds(10);

    // A call sent to the victim just before the kill is lost with it, and Orleans reports it only when the client's
    // response timeout passes. A caller waits this long for each attempt and then tries again, leaving the lost
    // attempt behind, so the measurement is when the grain can be called again, not the response timeout.
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromMilliseconds(250);

    public static async Task RunAsync(PostgresServer postgres, int runs, bool freeze = false)
    {
        var fault = freeze ? "freeze" : "kill";
        var first = new List<TimeSpan>();
        var all = new List<TimeSpan>();
        var dead = new List<TimeSpan>();
        for (var run = 1; run <= runs; run++)
        {
            var (firstSuccess, allRecovered, declaredDead) = await RunOnceAsync(postgres, run, freeze);
            first.Add(firstSuccess);
            all.Add(allRecovered);
            dead.Add(declaredDead);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: {fault} -> row Dead {declaredDead.TotalSeconds:0.000} s (polled), first success on a dead silo's grain {firstSuccess.TotalSeconds:0.000} s, all its grains {allRecovered.TotalSeconds:0.000} s"));
        }

        Console.WriteLine($"{fault} -> first successful call on a grain of the dead silo: {Describe(first)}");
        Console.WriteLine($"{fault} -> every grain of the dead silo answered:           {Describe(all)}");
        Console.WriteLine($"{fault} -> membership row Dead (polled every 50 ms):         {Describe(dead)}");
    }

    private static async Task<(TimeSpan FirstSuccess, TimeSpan AllRecovered, TimeSpan DeclaredDead)> RunOnceAsync(PostgresServer postgres, int run, bool freeze)
    {
        await using var cluster = await ProcessCluster.StartAsync(postgres, 3);
        var victim = cluster.Silos[2];
        await using var client = await cluster.ConnectClientAsync(cluster.Silos[0], cluster.Silos[1]);
        var baseKey = run * 1_000_000L;
        var grains = Enumerable.Range(0, Grains).Select(i => client.GrainFactory.GetGrain<IPingGrain>(baseKey + i)).ToArray();
        var locations = await Task.WhenAll(grains.Select(g => g.Where()));
        var victims = grains.Where((_, i) => locations[i].Silo == victim.Name).ToArray();

        // One caller per grain of the victim, calling continuously: the first success after the kill is the measurement.
        var recoveredAt = new TimeSpan?[victims.Length];
        var killed = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var callers = victims.Select((grain, i) => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var start = cluster.Clock.Elapsed;
                var call = grain.Ping(i);
                try
                {
                    await call.WaitAsync(AttemptTimeout);
                    if (killed.Task.IsCompleted && start >= killed.Task.Result && recoveredAt[i] is null)
                    {
                        recoveredAt[i] = cluster.Clock.Elapsed - killed.Task.Result;
                        return;
                    }
                }
                catch (Exception exception) when (exception is TimeoutException || SiloLoss.Reported(exception))
                {
                    // Observed, so an abandoned attempt's late failure is not an unobserved task exception.
                    _ = call.ContinueWith(static t => t.Exception, TaskScheduler.Default);
                    await Task.Delay(PauseAfterFailure, CancellationToken.None);
                }
            }
        })).ToArray();

        var killedAt = cluster.Clock.Elapsed;
        if (freeze)
        {
            // A frozen silo keeps its sockets open: calls to it hang instead of failing, and Orleans must vote it dead.
            victim.Suspend();
        }
        else
        {
            victim.Kill();
        }

        killed.SetResult(killedAt);
        await Wait.UntilAsync(async () => await cluster.StatusOfAsync(victim) == SiloStatus.Dead, "the victim's row Dead", TimeSpan.FromSeconds(30), cluster.Describe);
        var declaredDead = cluster.Clock.Elapsed - killedAt;
        await Wait.UntilAsync(() => recoveredAt.All(r => r is not null), "every grain of the victim answering", TimeSpan.FromSeconds(30), cluster.Describe);
        await stop.CancelAsync();
        await Task.WhenAll(callers);
        var recovered = recoveredAt.Select(r => r!.Value).ToList();
        return (recovered.Min(), recovered.Max(), declaredDead);
    }

    private static string Describe(List<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture, $"median {median.TotalSeconds:0.000} s, worst {sorted[^1].TotalSeconds:0.000} s, best {sorted[0].TotalSeconds:0.000} s ({sorted.Count} runs)");
    }
}
