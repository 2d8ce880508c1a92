namespace BareMetal.Runtime;

/// <summary>
/// Durable state of a grain, injected into the grain's constructor with <see cref="PersistentStateAttribute"/>.
/// It is read when the activation starts; every write is checked against the version read, so a stale
/// activation fails with <see cref="InconsistentStateException"/> instead of overwriting newer state.
/// </summary>
public interface IPersistentState<TState>
{
    /// <summary>The state; a new instance of <typeparamref name="TState"/> when nothing is stored.</summary>
    TState State { get; set; }

    /// <summary>The version of the stored row this activation last read or wrote; null when none exists.</summary>
    string? Etag { get; }

    /// <summary>Whether a stored record exists (false after a clear).</summary>
    bool RecordExists { get; }

    /// <summary>Reads the stored state, replacing <see cref="State"/>.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes <see cref="State"/>.</summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the stored state and resets <see cref="State"/>.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
