using System.Net;

namespace BareMetal.Client;

/// <summary>The API key is missing or unknown (401), or its role does not allow the call (403).</summary>
public sealed class BareMetalAuthException : BareMetalApiException
{
    /// <summary>Creates the exception.</summary>
    public BareMetalAuthException(HttpStatusCode status, ProblemDocument? problem, string message)
        : base(status, problem, message)
    {
    }

    /// <summary>Creates the exception without an answer.</summary>
    public BareMetalAuthException()
    {
    }

    /// <summary>Creates the exception without an answer.</summary>
    public BareMetalAuthException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception without an answer, wrapping <paramref name="innerException"/>.</summary>
    public BareMetalAuthException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether the key is valid but lacks the role (403) rather than missing or unknown (401).</summary>
    public bool IsForbidden => Status == HttpStatusCode.Forbidden;
}
