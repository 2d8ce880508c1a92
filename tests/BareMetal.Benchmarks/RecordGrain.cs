using BareMetal.Contracts.Nodes;
using BareMetal.Runtime;

namespace BareMetal.Benchmarks;

/// <summary>A call whose argument and result are a contract record, as node and operation calls pass them.</summary>
public interface IRecordGrain : IGrainWithIntegerKey
{
    Task<NodeView> Echo(NodeView view);
}

public sealed class RecordGrain : Grain, IRecordGrain
{
    private NodeView? _last;

    public Task<NodeView> Echo(NodeView view)
    {
        _last = view;
        return Task.FromResult(view with { Version = view.Version + 1 });
    }
}
