using BareMetal.Runtime;

namespace BareMetal.Benchmarks;

/// <summary>The smallest useful grain call: a small argument, a small result.</summary>
public interface IPingGrain : IGrainWithIntegerKey
{
    Task<int> Ping(int value);
}

public sealed class PingGrain : Grain, IPingGrain
{
    private int _calls;

    public Task<int> Ping(int value)
    {
        _calls++;
        return Task.FromResult(value + 1);
    }
}
