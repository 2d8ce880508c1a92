namespace BareMetal.Cluster.TestGrains;

/// <summary>What a counter call observed: the count after the call and the activation that served it.</summary>
/// <param name="Count">The persisted count after the call.</param>
/// <param name="Silo">The name of the silo process that served the call.</param>
/// <param name="ProcessId">Its process id.</param>
/// <param name="Activation">A fresh id per activation: two different ids for one grain mean two activations.</param>
/// <param name="Version">The state's ETag after the call (the storage row version).</param>
[GenerateSerializer]
[Alias("BareMetal.Cluster.TestGrains.CounterReply")]
public sealed record CounterReply(
    [property: Id(0)] long Count,
    [property: Id(1)] string Silo,
    [property: Id(2)] int ProcessId,
    [property: Id(3)] Guid Activation,
    [property: Id(4)] string? Version);

/// <summary>The counter's durable state (stored as JSON by the grain storage; the ids are for Orleans' wire format).</summary>
[GenerateSerializer]
[Alias("BareMetal.Cluster.TestGrains.CounterState")]
public sealed record CounterState
{
    /// <summary>Increments applied (each one written before it was acknowledged).</summary>
    [Id(0)]
    public long Count { get; init; }

    /// <summary>The silo that wrote last.</summary>
    [Id(1)]
    public string? LastSilo { get; init; }
}

/// <summary>A persistent counter: every increment is written before the call returns.</summary>
[Alias("BareMetal.Cluster.TestGrains.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one, writes the state, returns the new count.</summary>
    [Alias("Increment")]
    Task<CounterReply> Increment();

    /// <summary>The current count, without writing.</summary>
    [Alias("Get")]
    Task<CounterReply> Get();
}

/// <summary>See <see cref="ICounterGrain"/>.</summary>
/// <remarks>The grain type names the stored state rows and the tests' lookups, so it is pinned rather than derived.</remarks>
[GrainType("counter")]
// Random, not Orleans' default: every silo must host some of a test's grains whichever gateway the client uses.
[RandomPlacement]
public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> counter) : Grain, ICounterGrain
{
    private readonly Guid _activation = Guid.NewGuid();

    /// <inheritdoc />
    public async Task<CounterReply> Increment()
    {
        var previous = counter.State;
        counter.State = previous with { Count = previous.Count + 1, LastSilo = SiloIdentity.Name };
        try
        {
            await counter.WriteStateAsync();
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            // Another activation wrote since we read: this one is stale. Leave, so the next call
            // reads the state afresh, and let the caller see the failure (nothing was applied).
            // (Orleans deactivates on this exception too; saying so here keeps the intent visible.)
            counter.State = previous;
            DeactivateOnIdle();
            throw;
        }

        return Reply();
    }

    /// <inheritdoc />
    public Task<CounterReply> Get() => Task.FromResult(Reply());

    private CounterReply Reply() => new(counter.State.Count, SiloIdentity.Name, SiloIdentity.ProcessId, _activation, counter.Etag);
}
