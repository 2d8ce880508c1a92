using BareMetal.Runtime.Concurrency;
using BareMetal.Runtime.Tests.Infrastructure;

namespace BareMetal.Runtime.Tests.Grains;

public interface ICopyGrain : IGrainWithGuidKey
{
    /// <summary>Keeps the list, appends 99 to it and returns it.</summary>
    Task<List<int>> KeepAndAppend(List<int> values);

    Task<List<int>> GetKept();

    /// <summary>Stores a reference and calls through it later.</summary>
    Task Remember(ICounterGrain counter);

    Task<int> IncrementRemembered();

    /// <summary>Returns the kept values as a list made by a collection expression (a compiler-made type).</summary>
    Task<IReadOnlyList<int>> KeptAsCollectionExpression();
}

public sealed class CopyGrain : Grain, ICopyGrain
{
    private List<int> _kept = [];
    private ICounterGrain? _counter;

    public Task<List<int>> KeepAndAppend(List<int> values)
    {
        _kept = values;
        _kept.Add(99);
        return Task.FromResult(_kept);
    }

    public Task<List<int>> GetKept() => Task.FromResult(_kept);

    public Task Remember(ICounterGrain counter)
    {
        _counter = counter;
        return Task.CompletedTask;
    }

    public Task<int> IncrementRemembered() => _counter!.IncrementSlowly();

    public Task<IReadOnlyList<int>> KeptAsCollectionExpression() => Task.FromResult<IReadOnlyList<int>>([.. _kept]);
}

public interface IContextGrain : IGrainWithIntegerKey
{
    Task<string?> Read(string key);

    Task<string?> ReadThrough(long otherKey, string key);

    [OneWay]
    Task OpenGateOneWay(string waitFirst, string gate);

    ValueTask<int> AddValue(int a, int b);
}

public sealed class ContextGrain : Grain, IContextGrain
{
    public Task<string?> Read(string key) => Task.FromResult(RequestContext.Get(key) as string);

    public Task<string?> ReadThrough(long otherKey, string key) => GrainFactory.GetGrain<IContextGrain>(otherKey).Read(key);

    public async Task OpenGateOneWay(string waitFirst, string gate)
    {
        await Gates.WhenOpen(waitFirst);
        Gates.Open(gate);
    }

    public ValueTask<int> AddValue(int a, int b) => ValueTask.FromResult(a + b);
}
