using System.Diagnostics;
using BareMetal.Runtime.Testing;
using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;
using Xunit.Abstractions;

namespace BareMetal.Runtime.Tests.Cluster;

public sealed class TwoSiloKillTests(ITestOutputHelper output)
{
    private const int Rounds = 6;

    /// <summary>
    /// A killed silo used to vote its healthy peer dead while it was being torn down (with two silos one
    /// vote is enough): the survivor then saw itself dead, kept the killed silo in its view and failed calls.
    /// </summary>
    [Fact]
    public async Task TwoSilos_KillingEitherOne_TheSurvivorAlwaysSettlesAndServesEveryGrain()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            await using var cluster = await InProcessTestCluster.StartAsync(new InProcessTestClusterOptions { InitialSilos = 2 });
            var keys = Enumerable.Range(0, 20).Select(i => $"kill-{round}-{Guid.NewGuid():N}-{i}").ToList();
            await Task.WhenAll(keys.Select(k => cluster.GrainFactory.GetGrain<IProfileGrain>(k).SetName("name-" + k)));
            var victim = cluster.Silos[round % 2];
            var survivor = cluster.Silos[1 - (round % 2)];

            // Calls keep flowing through the kill, to grains on both silos, as they do under a real workload.
            using var stopCalling = new CancellationTokenSource();
            var callers = keys.Select(key => KeepCallingAsync(survivor, key, stopCalling.Token)).ToList();
            var killStart = DateTimeOffset.UtcNow;
            await cluster.KillSiloAsync(victim);
            var killTook = DateTimeOffset.UtcNow - killStart;

            try
            {
                await cluster.WaitForMembershipToSettleAsync(TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException exception)
            {
                throw new TimeoutException($"Round {round} (kill took {killTook.TotalSeconds:0.0} s): {exception.Message} Table: {await DescribeTableAsync(cluster)}");
            }

            await stopCalling.CancelAsync();
            await Task.WhenAll(callers);
            foreach (var key in keys)
            {
                using (GrainCallTimeout.Override(TimeSpan.FromSeconds(5)))
                {
                    Assert.Equal("name-" + key, await survivor.GrainFactory.GetGrain<IProfileGrain>(key).GetName());
                }
            }

            output.WriteLine($"round {round}: kill took {killTook.TotalSeconds:0.00} s, round {clock.Elapsed.TotalSeconds:0.00} s");
        }
    }

    private static async Task KeepCallingAsync(TestSiloHandle silo, string key, CancellationToken stop)
    {
        var grain = silo.GrainFactory.GetGrain<IProfileGrain>(key);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using (GrainCallTimeout.Override(TimeSpan.FromSeconds(2)))
                {
                    await grain.GetName();
                }
            }
            catch (Exception exception) when (exception is BareMetalRuntimeException or TimeoutException)
            {
                // Calls to the killed silo's grains fail until the survivor takes them over; that is expected.
                await Task.Delay(5, CancellationToken.None);
            }
        }
    }

    private static async Task<string> DescribeTableAsync(InProcessTestCluster cluster)
    {
        var rows = await cluster.MembershipTable.ReadAllAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        return string.Join("; ", rows.Select(r =>
            $"{r.Entry.SiloName} {r.Entry.Status}, heartbeat {(now - r.Entry.IAmAliveTime).TotalSeconds:0.0} s ago, votes [{string.Join(", ", r.Entry.Suspicions.Select(v => v.Voter))}]"));
    }
}
