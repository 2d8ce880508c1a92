namespace BareMetal.Cluster.TestGrains;

/// <summary>The ticks a reminder grain has persisted, and where it runs now.</summary>
/// <param name="Ticks">Reminder ticks received and written.</param>
/// <param name="Silo">The silo hosting the activation that answered.</param>
/// <param name="LastTickSilo">The silo that wrote the last tick.</param>
[GenerateSerializer]
[Alias("BareMetal.Cluster.TestGrains.TickerReply")]
public sealed record TickerReply([property: Id(0)] long Ticks, [property: Id(1)] string Silo, [property: Id(2)] string? LastTickSilo);

/// <summary>The ticker's durable state (stored as JSON by the grain storage; the ids are for Orleans' wire format).</summary>
[GenerateSerializer]
[Alias("BareMetal.Cluster.TestGrains.TickerState")]
public sealed record TickerState
{
    /// <summary>Ticks received (each written before the tick completes).</summary>
    [Id(0)]
    public long Ticks { get; init; }

    /// <summary>The silo that wrote the last tick.</summary>
    [Id(1)]
    public string? LastTickSilo { get; init; }
}

/// <summary>Counts the ticks of a durable reminder in its persistent state.</summary>
[Alias("BareMetal.Cluster.TestGrains.ITickerGrain")]
public interface ITickerGrain : IGrainWithStringKey
{
    /// <summary>Registers (or updates) the reminder "tick" with this period, first tick after one period.</summary>
    [Alias("Start")]
    Task Start(TimeSpan period);

    /// <summary>The persisted tick count.</summary>
    [Alias("Get")]
    Task<TickerReply> Get();
}

/// <summary>See <see cref="ITickerGrain"/>.</summary>
[GrainType("ticker")]
// Random, not Orleans' default: every silo must host some of a test's grains whichever gateway the client uses.
[RandomPlacement]
public sealed class TickerGrain([PersistentState("ticker")] IPersistentState<TickerState> ticker) : Grain, ITickerGrain, IRemindable
{
    /// <summary>The reminder's name.</summary>
    public const string ReminderName = "tick";

    /// <inheritdoc />
    public async Task Start(TimeSpan period)
    {
        // Persist once so the state row exists before the first tick.
        await ticker.WriteStateAsync();
        await this.RegisterOrUpdateReminder(ReminderName, period, period);
    }

    /// <inheritdoc />
    public Task<TickerReply> Get() => Task.FromResult(new TickerReply(ticker.State.Ticks, SiloIdentity.Name, ticker.State.LastTickSilo));

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var previous = ticker.State;
        ticker.State = previous with { Ticks = previous.Ticks + 1, LastTickSilo = SiloIdentity.Name };
        try
        {
            await ticker.WriteStateAsync();
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            // A stale activation: leave so the next tick reads the state afresh.
            ticker.State = previous;
            DeactivateOnIdle();
            throw;
        }
    }
}
