namespace BareMetal.Storage;

/// <summary>
/// A grain-state store: each (grain type, grain key, state name) is one row with a payload and a version. Writes
/// are optimistic: they succeed only if the caller's ETag is the stored one (null meaning "no row yet"), and
/// otherwise throw <see cref="GrainStateConflictException"/>. Clearing keeps a tombstone with a newer version, so
/// an activation that read the state before the clear cannot write over it.
/// </summary>
public interface IGrainStateStore
{
    /// <summary>The stored row, or null when there is none.</summary>
    Task<StoredGrainState?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="payload"/> if the stored ETag is <paramref name="expectedETag"/>; returns the new ETag.</summary>
    /// <remarks>
    /// The caller hands the payload over: a store may keep the array behind it instead of copying it, so the
    /// caller must not change it afterwards.
    /// </remarks>
    Task<string> WriteAsync(GrainStateKey key, ReadOnlyMemory<byte> payload, string? expectedETag, CancellationToken cancellationToken);

    /// <summary>Replaces the row by a tombstone if the stored ETag is <paramref name="expectedETag"/>; returns the new ETag.</summary>
    Task<string> ClearAsync(GrainStateKey key, string? expectedETag, CancellationToken cancellationToken);
}
