namespace BareMetal.Orleans.CallPath.Benchmarks;

/// <summary>Makes grain-to-grain calls: each call from outside asks it to ping other grains in a loop.</summary>
[Alias("bench.caller")]
public interface ICallerGrain : IGrainWithIntegerKey
{
    [Alias("ping-others")]
    Task<int> PingOthers(int firstTarget, int count, int grainCount);
}

public sealed class CallerGrain : Grain, ICallerGrain
{
    public async Task<int> PingOthers(int firstTarget, int count, int grainCount)
    {
        var sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum += await GrainFactory.GetGrain<IPingGrain>((firstTarget + i) % grainCount).Ping(i);
        }

        return sum;
    }
}
