using BareMetal.Runtime.Concurrency;
using BareMetal.Runtime.Tests.Infrastructure;

namespace BareMetal.Runtime.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Read, await, write: corrupts the count if two turns ever interleave.</summary>
    Task<int> IncrementSlowly();

    Task<int> GetCount();

    /// <summary>The most turns ever seen inside the grain at once.</summary>
    Task<int> GetMaxConcurrency();
}

public sealed class CounterGrain : Grain, ICounterGrain
{
    private int _count;
    private int _inside;
    private int _maxInside;

    public async Task<int> IncrementSlowly()
    {
        var inside = Interlocked.Increment(ref _inside);
        _maxInside = Math.Max(_maxInside, inside);
        var read = _count;
        await Task.Yield();
        await Task.Delay(inside % 3 == 0 ? 1 : 0);
        _count = read + 1;
        Interlocked.Decrement(ref _inside);
        return _count;
    }

    public Task<int> GetCount() => Task.FromResult(_count);

    public Task<int> GetMaxConcurrency() => Task.FromResult(_maxInside);
}

public interface IGateGrain : IGrainWithStringKey
{
    /// <summary>Logs start, waits for the named gate, logs end.</summary>
    Task<string> WaitFor(string gate);

    /// <summary>Answers even while a request is waiting.</summary>
    [AlwaysInterleave]
    Task<string> Status();

    /// <summary>Read-only: may overlap other read-only calls.</summary>
    [ReadOnly]
    Task<string> ReadWaitingFor(string gate);

    [AlwaysInterleave]
    Task<IReadOnlyList<string>> GetLog();
}

public sealed class GateGrain : Grain, IGateGrain
{
    private readonly List<string> _log = [];

    public async Task<string> WaitFor(string gate)
    {
        _log.Add("start " + gate);
        await Gates.WhenOpen(gate);
        _log.Add("end " + gate);
        return gate;
    }

    public Task<string> Status() => Task.FromResult($"log has {_log.Count} entries");

    public async Task<string> ReadWaitingFor(string gate)
    {
        _log.Add("read " + gate);
        await Gates.WhenOpen(gate);
        return gate;
    }

    public Task<IReadOnlyList<string>> GetLog() => Task.FromResult<IReadOnlyList<string>>(_log.ToList());
}

public interface IReentrantGateGrain : IGrainWithStringKey
{
    Task<string> WaitFor(string gate);

    Task Open(string gate);
}

[Reentrant]
public sealed class ReentrantGateGrain : Grain, IReentrantGateGrain
{
    public async Task<string> WaitFor(string gate)
    {
        await Gates.WhenOpen(gate);
        return gate;
    }

    public Task Open(string gate)
    {
        Gates.Open(gate);
        return Task.CompletedTask;
    }
}
