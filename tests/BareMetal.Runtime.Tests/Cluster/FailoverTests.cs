using System.Diagnostics;
using BareMetal.Runtime.Testing;
using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;

namespace BareMetal.Runtime.Tests.Cluster;

public sealed class FailoverTests
{
    [Fact]
    public async Task KilledSilo_ItsGrainsAreCallableElsewhereWithinTheDetectionWindow_WithTheirState()
    {
        await using var cluster = await InProcessTestCluster.StartAsync(new InProcessTestClusterOptions { InitialSilos = 3 });
        var keys = Enumerable.Range(0, 60).Select(i => $"profile-{Guid.NewGuid():N}-{i}").ToList();
        await Task.WhenAll(keys.Select(k => cluster.GrainFactory.GetGrain<IProfileGrain>(k).SetName("name-" + k)));
        var victim = cluster.Silos[1];
        var onVictim = new List<string>();
        foreach (var key in keys)
        {
            var registration = await cluster.Directory.LookupAsync(GrainId.Create("profile", key), CancellationToken.None);
            if (registration!.Silo.Equals(victim.SiloAddress))
            {
                onVictim.Add(key);
            }
        }

        Assert.NotEmpty(onVictim);
        var caller = cluster.Silos[0].GrainFactory;
        var watch = Stopwatch.StartNew();
        await cluster.KillSiloAsync(victim);

        foreach (var key in onVictim)
        {
            await Wait.UntilAsync(async () =>
            {
                try
                {
                    return await caller.GetGrain<IProfileGrain>(key).GetName() == "name-" + key;
                }
                catch (SiloUnavailableException)
                {
                    return false;
                }
            }, $"grain {key} of the killed silo to answer again", TimeSpan.FromSeconds(10));
        }

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        foreach (var key in onVictim)
        {
            var registration = await cluster.Directory.LookupAsync(GrainId.Create("profile", key), CancellationToken.None);
            Assert.NotEqual(victim.SiloAddress, registration!.Silo);
            Assert.Contains(cluster.RunningSilos, s => s.SiloAddress.Equals(registration.Silo));
        }
    }

    [Fact]
    public async Task KilledSilo_RemindersItDeliveredKeepFiringOnTheSurvivors()
    {
        await using var cluster = await InProcessTestCluster.StartAsync(new InProcessTestClusterOptions { InitialSilos = 3 });
        var keys = Enumerable.Range(0, 30).Select(i => $"reminder-{Guid.NewGuid():N}-{i}").ToList();
        await Task.WhenAll(keys.Select(k => cluster.GrainFactory.GetGrain<IReminderGrain>(k).Register("sync", TimeSpan.Zero, TimeSpan.FromMilliseconds(200))));
        await Wait.UntilAsync(() => keys.All(k => ReminderLog.Count(k, "sync") >= 1), "every reminder to tick once");

        var victim = cluster.Silos[2];
        await cluster.KillSiloAsync(victim);
        await cluster.WaitForMembershipToSettleAsync();
        var afterDeath = keys.ToDictionary(k => k, k => ReminderLog.Count(k, "sync"));

        await Wait.UntilAsync(() => keys.All(k => ReminderLog.Count(k, "sync") >= afterDeath[k] + 3), "every reminder to keep ticking after the silo died", TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task GracefulStop_UnderSteadyLoad_NoCallFails()
    {
        await using var cluster = await InProcessTestCluster.StartAsync(new InProcessTestClusterOptions { InitialSilos = 3 });
        var caller = cluster.Silos[0].GrainFactory;
        var keys = Enumerable.Range(0, 100).Select(i => $"steady-{Guid.NewGuid():N}-{i}").ToList();
        var failures = new List<Exception>();
        var calls = 0;
        using var stop = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var key in keys)
                {
                    try
                    {
                        await caller.GetGrain<ICounterGrain>(key).GetCount();
                        Interlocked.Increment(ref calls);
                    }
                    catch (Exception exception)
                    {
                        lock (failures)
                        {
                            failures.Add(exception);
                        }
                    }
                }
            }
        });
        await Wait.UntilAsync(() => Volatile.Read(ref calls) > 500, "load to run");

        await cluster.StopSiloAsync(cluster.Silos[2]);
        var afterStop = Volatile.Read(ref calls);
        await Wait.UntilAsync(() => Volatile.Read(ref calls) > afterStop + 500, "load to continue after the stop");
        await stop.CancelAsync();
        await load;

        Assert.Empty(failures);
    }

    [Fact]
    public async Task RestartedSilo_IsANewGenerationAndTheClusterSettles()
    {
        await using var cluster = await InProcessTestCluster.StartAsync(new InProcessTestClusterOptions { InitialSilos = 2 });
        var old = cluster.Silos[1];

        var restarted = await cluster.RestartSiloAsync(old);
        await cluster.WaitForMembershipToSettleAsync();

        Assert.NotEqual(old.SiloAddress, restarted.SiloAddress);
        Assert.True(cluster.Silos[0].MembershipView.IsDead(old.SiloAddress));
        Assert.Equal(2, cluster.Silos[0].MembershipView.ActiveSilos.Count);
    }
}
