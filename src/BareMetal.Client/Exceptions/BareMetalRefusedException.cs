using System.Net;

namespace BareMetal.Client;

/// <summary>
/// The API refused the request and changed nothing (400 invalid request, 409 not allowed in the node's state, 413,
/// 415, 422 idempotency key reused). Sending the same request again will fail the same way.
/// </summary>
public class BareMetalRefusedException : BareMetalApiException
{
    /// <summary>Creates the exception.</summary>
    public BareMetalRefusedException(HttpStatusCode status, ProblemDocument? problem, string message)
        : base(status, problem, message)
    {
    }

    /// <summary>Creates the exception without an answer.</summary>
    public BareMetalRefusedException()
    {
    }

    /// <summary>Creates the exception without an answer.</summary>
    public BareMetalRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception without an answer, wrapping <paramref name="innerException"/>.</summary>
    public BareMetalRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Why, in a word or two, when the server said (the problem's "reason").</summary>
    public string? Reason => Problem?.Text("reason");
}
