namespace BareMetal.Runtime;

/// <summary>
/// A grain in another process threw an exception whose type this process cannot rebuild (unknown
/// type, or no (string message) constructor). The original type name, message and stack are kept.
/// </summary>
public sealed class RemoteGrainException : BareMetalRuntimeException
{
    /// <summary>Creates the exception.</summary>
    public RemoteGrainException(string originalTypeName, string message, string? remoteStackTrace)
        : base($"{originalTypeName}: {message}")
    {
        OriginalTypeName = originalTypeName;
        RemoteStackTrace = remoteStackTrace;
    }

    /// <summary>Creates the exception with a message.</summary>
    public RemoteGrainException(string message)
        : base(message)
    {
        OriginalTypeName = string.Empty;
    }

    /// <summary>The full name of the exception type thrown remotely.</summary>
    public string OriginalTypeName { get; }

    /// <summary>The stack trace on the remote silo.</summary>
    public string? RemoteStackTrace { get; }
}
