using System.Collections.Immutable;
using BareMetal.Contracts.Nodes;
using BareMetal.Runtime;

namespace BareMetal.Benchmarks;

/// <summary>A short-lived grain with persistent state, like an operation grain: activate, read (a miss), answer, leave.</summary>
public interface IShortLivedGrain : IGrainWithStringKey
{
    Task<long> Touch();
}

public sealed record ShortLivedState
{
    public string Id { get; init; } = string.Empty;
    public long Version { get; init; }
}

public sealed class ShortLivedGrain([PersistentState("short")] IPersistentState<ShortLivedState> state) : Grain, IShortLivedGrain
{
    public Task<long> Touch()
    {
        DeactivateOnIdle();
        return Task.FromResult(state.State.Version);
    }
}

/// <summary>A grain that rewrites a ~16 KB state (a node with a 100-entry history) on every call.</summary>
public interface IBigStateGrain : IGrainWithIntegerKey
{
    Task<long> Write(long version);
}

public sealed record BigState
{
    public string Name { get; init; } = string.Empty;
    public ImmutableDictionary<string, string> Properties { get; init; } = ImmutableDictionary<string, string>.Empty;
    public ImmutableList<NodeHistoryEntry> History { get; init; } = [];
    public long Version { get; init; }

    /// <summary>A state of about 16 KB of JSON, shaped like a node's.</summary>
    public static BigState Sample()
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var history = Enumerable.Range(0, 100).Select(i => new NodeHistoryEntry(
            at.AddSeconds(i), "power-on", $"Power on requested by operator (step {i})", ProvisionState.Available, ProvisionState.Available,
            $"op-{i:D8}-aaaa-bbbb-cccc")).ToImmutableList();
        var properties = Enumerable.Range(0, 8).ToImmutableDictionary(i => $"property-{i}", i => $"value-{i}");
        return new BigState { Name = "node-0001", Properties = properties, History = history };
    }
}

public sealed class BigStateGrain([PersistentState("big")] IPersistentState<BigState> state) : Grain, IBigStateGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.History.IsEmpty)
        {
            state.State = BigState.Sample();
        }

        return Task.CompletedTask;
    }

    public async Task<long> Write(long version)
    {
        state.State = state.State with { Version = version };
        await state.WriteStateAsync();
        return version;
    }
}
