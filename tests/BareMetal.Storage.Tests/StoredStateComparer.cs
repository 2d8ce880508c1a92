namespace BareMetal.Storage.Tests;

/// <summary>Compares stored states by payload bytes (the record compares the array by reference).</summary>
internal sealed class StoredStateComparer : IEqualityComparer<StoredGrainState?>
{
    public static StoredStateComparer Instance { get; } = new();

    public bool Equals(StoredGrainState? x, StoredGrainState? y) =>
        x is null || y is null
            ? x is null && y is null
            : x.ETag == y.ETag && (x.Payload is null ? y.Payload is null : y.Payload is not null && x.Payload.AsSpan().SequenceEqual(y.Payload));

    public int GetHashCode(StoredGrainState? obj) => obj?.ETag.GetHashCode(StringComparison.Ordinal) ?? 0;
}
