using System.Net;

namespace BareMetal.Client;

/// <summary>The request was refused because another operation holds the node (409 with a conflicting operation).</summary>
public sealed class BareMetalConflictException : BareMetalRefusedException
{
    /// <summary>Creates the exception.</summary>
    public BareMetalConflictException(HttpStatusCode status, ProblemDocument? problem, string message)
        : base(status, problem, message)
    {
    }

    /// <summary>Creates the exception without an answer.</summary>
    public BareMetalConflictException()
    {
    }

    /// <summary>Creates the exception without an answer.</summary>
    public BareMetalConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception without an answer, wrapping <paramref name="innerException"/>.</summary>
    public BareMetalConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The operation that holds the node (wait for it, or cancel it); null when the server did not name one.</summary>
    public string? ConflictingOperationId => Problem?.Text("conflictingOperationId");
}
