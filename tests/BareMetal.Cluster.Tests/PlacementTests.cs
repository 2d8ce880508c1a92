using System.Diagnostics;
using BareMetal.Cluster.TestGrains;
using BareMetal.Cluster.Tests.Infrastructure;
using BareMetal.TestInfrastructure;
using Xunit.Abstractions;

namespace BareMetal.Cluster.Tests;

[Collection(ClusterCollection.Name)]
[NeedsPostgres]
public sealed class PlacementTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const int GrainCount = 10_000;

    // Enough to keep three silos and the database busy without exhausting the connection pools.
    private const int ConcurrentCalls = 64;

    [Fact]
    public async Task TenThousandGrains_CalledThroughAllGateways_SpreadOverEverySiloByTheRing()
    {
        await using var cluster = await ProcessCluster.StartAsync(postgres, 3, output.WriteLine);
        await using var client = await cluster.ConnectClientAsync([.. cluster.Silos]);
        var keyBase = 1_000_000L;

        var elapsed = Stopwatch.StartNew();
        var answers = new Location[GrainCount];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, GrainCount),
            new ParallelOptions { MaxDegreeOfParallelism = ConcurrentCalls },
            async (i, _) => answers[i] = await client.GrainFactory.GetGrain<ILocatorGrain>(keyBase + i).Where());
        output.WriteLine($"activated {GrainCount} grains in {elapsed.Elapsed.TotalSeconds:0.0} s");

        // The directory holds exactly one row per grain, naming the silo that answered.
        var directory = await cluster.ReadDirectoryAsync("locator");
        var ours = Enumerable.Range(0, GrainCount).Select(i => (Key: (keyBase + i).ToString(System.Globalization.CultureInfo.InvariantCulture), Answer: answers[i])).ToList();
        var mismatches = ours.Where(g => !directory.TryGetValue(g.Key, out var row) || row.Silo != g.Answer.Silo).Take(10).ToList();
        Assert.True(mismatches.Count == 0, $"directory disagrees with the grains' answers: {string.Join(", ", mismatches.Select(m => $"{m.Key}: answered {m.Answer.Silo}, directory {(directory.TryGetValue(m.Key, out var r) ? r.Silo : "none")}"))}");

        // Each silo hosts a share: with 30 ring points per silo a share varies, but no silo is left
        // out or holds almost everything (an even split is 33%).
        var shares = ours.GroupBy(g => g.Answer.Silo).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"grains per silo: {string.Join(", ", shares.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}"))}");
        Assert.Equal(cluster.Silos.Select(s => s.Name).Order(), shares.Keys.Order());
        Assert.All(shares, share => Assert.InRange(share.Value, GrainCount / 10, GrainCount * 6 / 10));

        // Placement is by ring, not by gateway: a second call through any gateway finds the same activation.
        var again = await Task.WhenAll(ours.Take(300).Select(g => client.GrainFactory.GetGrain<ILocatorGrain>(long.Parse(g.Key, System.Globalization.CultureInfo.InvariantCulture)).Where()));
        Assert.Equal(ours.Take(300).Select(g => g.Answer.Silo), again.Select(a => a.Silo));
    }
}
