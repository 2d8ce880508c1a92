using Orleans.Placement;

namespace BareMetal.Storage.Orleans.Tests.Grains;

/// <summary>The counter's behaviour, whatever storage holds it.</summary>
public abstract class CounterGrain(IPersistentState<CounterState> counter) : Grain, ICounterGrain
{
    public async Task<int> Increment()
    {
        var next = counter.State with { Count = counter.State.Count + 1, Note = $"written by {RuntimeIdentity}" };
        counter.State = next;
        await counter.WriteStateAsync();
        return next.Count;
    }

    public Task<int> Get() => Task.FromResult(counter.State.Count);

    public Task<bool> RecordExists() => Task.FromResult(counter.RecordExists);

    public Task Clear() => counter.ClearStateAsync();

    public Task<string> Silo() => Task.FromResult(RuntimeIdentity);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

/// <summary>Placed on the silo that calls it first, so a test decides where it lives.</summary>
[GrainType("counter-groupcommit"), PreferLocalPlacement]
public sealed class GroupCommitCounterGrain([PersistentState("counter", TestStorageNames.GroupCommit)] IPersistentState<CounterState> counter)
    : CounterGrain(counter), IGroupCommitCounterGrain;

[GrainType("counter-adonet"), PreferLocalPlacement]
public sealed class AdoNetCounterGrain([PersistentState("counter", TestStorageNames.AdoNet)] IPersistentState<CounterState> counter)
    : CounterGrain(counter), IAdoNetCounterGrain;
