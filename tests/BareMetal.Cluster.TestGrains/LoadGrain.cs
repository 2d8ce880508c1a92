using System.Diagnostics;

namespace BareMetal.Cluster.TestGrains;

/// <summary>Generates load from inside a silo: silo-to-silo calls without a client or gateway hop (benchmarks).</summary>
[Alias("BareMetal.Cluster.TestGrains.ILoadGrain")]
public interface ILoadGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Calls <see cref="IPingGrain.Ping"/> on the given grains from <paramref name="concurrency"/> closed
    /// loops for <paramref name="duration"/>; returns how many calls completed.
    /// </summary>
    [Alias("Drive")]
    [ResponseTimeout("00:10:00")]
    Task<long> Drive(long[] pingKeys, int concurrency, TimeSpan duration);

    /// <summary>The silo hosting this activation.</summary>
    [Alias("Where")]
    Task<Location> Where();
}

/// <summary>See <see cref="ILoadGrain"/>.</summary>
[GrainType("load")]
// Random, not Orleans' default: every silo must host some of a test's grains whichever gateway the client uses.
[RandomPlacement]
public sealed class LoadGrain : Grain, ILoadGrain
{
    /// <inheritdoc />
    public async Task<long> Drive(long[] pingKeys, int concurrency, TimeSpan duration)
    {
        var factory = GrainFactory;
        var grains = pingKeys.Select(k => factory.GetGrain<IPingGrain>(k)).ToArray();
        Task<long> run;

        // The loops run on the thread pool (not on this activation's single-threaded scheduler) and as
        // fresh call chains, so they measure the silo's call path rather than one grain's turns.
        using (ExecutionContext.SuppressFlow())
        {
            run = Task.Run(async () =>
            {
                long total = 0;
                var clock = Stopwatch.StartNew();
                await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async loop =>
                {
                    var index = loop % grains.Length;
                    long mine = 0;
                    while (clock.Elapsed < duration)
                    {
                        await grains[index].Ping(index);
                        index = (index + concurrency) % grains.Length;
                        mine++;
                    }

                    Interlocked.Add(ref total, mine);
                }));
                return total;
            });
        }

        return await run;
    }

    /// <inheritdoc />
    public Task<Location> Where() => Task.FromResult(new Location(SiloIdentity.Name, SiloIdentity.ProcessId));
}
