using Orleans;
using Orleans.Runtime;

namespace HelloGrains;

/// <summary>A tiny grain: the recorded power state of one server, kept in SQLite.</summary>
public interface IPowerGrain : IGrainWithStringKey
{
    Task<string> Get();

    Task<int> Set(string state);
}

// Settable properties with defaults, not a positional record: a grain with no stored state starts from the
// parameterless constructor, so the defaults must live there.
public sealed record PowerState
{
    public string State { get; init; } = "power off";

    public int Changes { get; init; }
}

public sealed class PowerGrain([PersistentState("power")] IPersistentState<PowerState> power) : Grain, IPowerGrain
{
    public Task<string> Get() => Task.FromResult(power.State.State);

    public async Task<int> Set(string state)
    {
        // Each call runs as one turn: no other request of this grain can interleave with the write.
        power.State = power.State with { State = state, Changes = power.State.Changes + 1 };
        await power.WriteStateAsync();
        return power.State.Changes;
    }
}
