namespace BareMetal.Runtime;

/// <summary>A state write was refused because the stored version is not the one this activation read.</summary>
public sealed class InconsistentStateException : BareMetalRuntimeException
{
    /// <summary>Creates the exception.</summary>
    public InconsistentStateException(string stateKey, string? storedETag, string? expectedETag)
        : base($"Version conflict on state {stateKey}: stored version is {storedETag ?? "none"}, the write expected {expectedETag ?? "none"}. Another activation wrote it; re-read the state.")
    {
        StateKey = stateKey;
        StoredETag = storedETag;
        ExpectedETag = expectedETag;
    }

    /// <summary>Creates the exception with a message.</summary>
    public InconsistentStateException(string message)
        : base(message)
    {
        StateKey = string.Empty;
    }

    /// <summary>The state that conflicted (grain id and state name).</summary>
    public string StateKey { get; }

    /// <summary>The version found in storage, null when no row exists.</summary>
    public string? StoredETag { get; }

    /// <summary>The version the writer expected.</summary>
    public string? ExpectedETag { get; }
}
