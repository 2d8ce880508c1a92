namespace BareMetal.Storage;

/// <summary>
/// A state write was refused because the stored version is not the one the writer read: another writer (another
/// activation of the same grain, for one) changed the row since. The writer must read the state again.
/// </summary>
public sealed class GrainStateConflictException : Exception
{
    /// <summary>Creates the exception for a refused write of <paramref name="stateKey"/>.</summary>
    public GrainStateConflictException(GrainStateKey stateKey, string? storedETag, string? expectedETag)
        : base($"Version conflict on state {stateKey}: the stored version is {storedETag ?? "none"}, the write expected {expectedETag ?? "none"}. Another writer changed it; read the state again.")
    {
        StateKey = stateKey;
        StoredETag = storedETag;
        ExpectedETag = expectedETag;
    }

    /// <summary>The state whose write was refused.</summary>
    public GrainStateKey StateKey { get; }

    /// <summary>The version found in storage; null when no row exists.</summary>
    public string? StoredETag { get; }

    /// <summary>The version the writer expected; null when it expected no row.</summary>
    public string? ExpectedETag { get; }
}
