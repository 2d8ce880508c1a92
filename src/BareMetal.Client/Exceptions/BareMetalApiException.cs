using System.Net;
using System.Text.Json;

namespace BareMetal.Client;

/// <summary>The API answered with an error (a problem+json document); the subclasses name the kinds a caller handles.</summary>
public class BareMetalApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="problem">The problem document; null when the answer had none.</param>
    /// <param name="message">The message (the problem's detail).</param>
    public BareMetalApiException(HttpStatusCode status, ProblemDocument? problem, string message)
        : base(message)
    {
        Status = status;
        Problem = problem;
    }

    /// <summary>Creates an exception without an answer (for serializers and tests).</summary>
    public BareMetalApiException()
        : this(HttpStatusCode.InternalServerError, null, "The BareMetal API answered with an error.")
    {
    }

    /// <summary>Creates an exception without an answer.</summary>
    public BareMetalApiException(string message)
        : this(HttpStatusCode.InternalServerError, null, message)
    {
    }

    /// <summary>Creates an exception without an answer, wrapping <paramref name="innerException"/>.</summary>
    public BareMetalApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = HttpStatusCode.InternalServerError;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The problem document; null when the answer had none.</summary>
    public ProblemDocument? Problem { get; }

    /// <summary>The problem's kind (the end of its type URI, such as "request-refused"); null without a document.</summary>
    public string? Kind => Problem?.Kind;
}

/// <summary>An RFC 9457 problem document as the API sends it.</summary>
/// <param name="Type">The type URI (urn:baremetal:problem:KIND).</param>
/// <param name="Title">A short, fixed summary of the kind.</param>
/// <param name="Detail">What exactly was wrong.</param>
/// <param name="Extensions">Every other member (reason, conflictingOperationId, retryAfterSeconds, ...).</param>
public sealed record ProblemDocument(string? Type, string? Title, string? Detail, IReadOnlyDictionary<string, JsonElement> Extensions)
{
    private const string TypePrefix = "urn:baremetal:problem:";

    /// <summary>The kind: the type URI without its prefix.</summary>
    public string? Kind => Type is not null && Type.StartsWith(TypePrefix, StringComparison.Ordinal) ? Type[TypePrefix.Length..] : Type;

    /// <summary>A text extension member, or null.</summary>
    public string? Text(string name) =>
        Extensions.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
