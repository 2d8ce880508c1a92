using System.Diagnostics;
using System.Globalization;
using BareMetal.Cluster.TestGrains;
using Orleans;
using BareMetal.Cluster.Tests.Infrastructure;
using BareMetal.TestInfrastructure;

namespace BareMetal.Cluster.Benchmarks;

/// <summary>Cross-silo call throughput, then latency at half load (see Program.cs).</summary>
internal static class Throughput
{
    private const int CandidateGrains = 20_000;

    public static async Task RunAsync(PostgresServer postgres, int seconds, int callers)
    {
        await using var cluster = await ProcessCluster.StartAsync(postgres, 2);
        var (gateway, remote) = (cluster.Silos[0], cluster.Silos[1]);
        await using var client = await cluster.ConnectClientAsync(gateway);

        // Place grains, then split them by the silo that hosts them.
        var grains = Enumerable.Range(0, CandidateGrains).Select(i => client.GrainFactory.GetGrain<IPingGrain>(i)).ToArray();
        var locations = new Location[grains.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, grains.Length), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) => locations[i] = await grains[i].Where());
        var onRemote = grains.Where((_, i) => locations[i].Silo == remote.Name).ToArray();
        var onGateway = grains.Where((_, i) => locations[i].Silo == gateway.Name).ToArray();
        Console.WriteLine($"{onRemote.Length} grains on {remote.Name}, {onGateway.Length} on {gateway.Name} (the gateway)");

        await MeasureSiloToSiloAsync(client, gateway.Name, remote.Name, grains.Where((_, i) => locations[i].Silo == remote.Name).Select(g => g.GetPrimaryKeyLong()).ToArray(), seconds, callers);
        await MeasureAsync($"client -> {gateway.Name} (gateway) -> {remote.Name} (cross-silo)", onRemote, seconds, callers);
        await MeasureAsync($"client -> {gateway.Name} (gateway, grains local to it)", onGateway, seconds, callers);
    }

    /// <summary>
    /// Silo-to-silo only: load grains hosted on the first silo call ping grains hosted on the second,
    /// so every call is exactly one silo hop (no client, no gateway relay).
    /// </summary>
    private static async Task MeasureSiloToSiloAsync(ClusterConnection client, string source, string target, long[] remoteKeys, int seconds, int callers)
    {
        Console.WriteLine($"== {source} grains -> {target} grains (silo-to-silo)");
        var drivers = new List<ILoadGrain>();
        for (long key = 0; drivers.Count < 4 && key < 1000; key++)
        {
            var candidate = client.GrainFactory.GetGrain<ILoadGrain>(key);
            if ((await candidate.Where()).Silo == source)
            {
                drivers.Add(candidate);
            }
        }

        var perDriver = Math.Max(1, callers / drivers.Count);
        var duration = TimeSpan.FromSeconds(seconds);
        // Drive runs longer than the response timeout; ILoadGrain.Drive carries its own ([ResponseTimeout]).
        await Task.WhenAll(drivers.Select(d => d.Drive(remoteKeys, perDriver, TimeSpan.FromSeconds(Math.Max(2, seconds / 3)))));
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(drivers.Select(d => d.Drive(remoteKeys, perDriver, duration)));
        Console.WriteLine($"throughput: {counts.Sum() / clock.Elapsed.TotalSeconds:N0} calls/s ({counts.Sum():N0} calls, {drivers.Count} load grains x {perDriver} loops on {source}, {clock.Elapsed.TotalSeconds:0.0} s)");
    }

    private static async Task MeasureAsync(string path, IPingGrain[] grains, int seconds, int callers)
    {
        Console.WriteLine($"== {path}");
        await RunClosedLoopAsync(grains, callers, TimeSpan.FromSeconds(Math.Max(2, seconds / 3)));
        var (calls, elapsed) = await RunClosedLoopAsync(grains, callers, TimeSpan.FromSeconds(seconds));
        var maximum = calls / elapsed.TotalSeconds;
        Console.WriteLine($"throughput: {maximum:N0} calls/s ({calls:N0} calls, {callers} closed-loop callers, {elapsed.TotalSeconds:0.0} s)");

        // Half load: the fewest closed-loop callers that reach half the maximum, found by doubling
        // and then bisecting between the last two counts (doubling alone overshoots to ~75%).
        async Task<bool> ReachesHalfAsync(int count)
        {
            var (probeCalls, probeElapsed) = await RunClosedLoopAsync(grains, count, TimeSpan.FromSeconds(1));
            return probeCalls / probeElapsed.TotalSeconds >= maximum / 2;
        }

        var halfLoadCallers = 1;
        while (halfLoadCallers < callers && !await ReachesHalfAsync(halfLoadCallers))
        {
            halfLoadCallers *= 2;
        }

        var below = halfLoadCallers / 2;
        while (halfLoadCallers - below > 1)
        {
            var middle = (below + halfLoadCallers) / 2;
            if (await ReachesHalfAsync(middle))
            {
                halfLoadCallers = middle;
            }
            else
            {
                below = middle;
            }
        }

        var histogram = new LatencyHistogram(20_000_000);
        var (latencyCalls, latencyElapsed) = await RunClosedLoopAsync(grains, halfLoadCallers, TimeSpan.FromSeconds(seconds), histogram);
        var p = histogram.PercentilesMilliseconds(50, 90, 99, 99.9);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency at {latencyCalls / latencyElapsed.TotalSeconds:N0} calls/s ({halfLoadCallers} callers, {100 * latencyCalls / latencyElapsed.TotalSeconds / maximum:0}% of max), {histogram.Count:N0} calls: p50 {p[0]:0.000} ms, p90 {p[1]:0.000} ms, p99 {p[2]:0.000} ms, p99.9 {p[3]:0.000} ms"));
    }

    private static async Task<(long Calls, TimeSpan Elapsed)> RunClosedLoopAsync(IPingGrain[] grains, int callers, TimeSpan duration, LatencyHistogram? histogram = null)
    {
        long calls = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async caller =>
        {
            var index = caller % grains.Length;
            long mine = 0;
            while (clock.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                if (await grains[index].Ping(index) != index + 1)
                {
                    throw new InvalidOperationException("A grain returned a wrong result.");
                }

                histogram?.Record(Stopwatch.GetTimestamp() - start);
                index = (index + callers) % grains.Length;
                mine++;
            }

            Interlocked.Add(ref calls, mine);
        }));
        return (calls, clock.Elapsed);
    }
}
