using System.Net;

namespace BareMetal.Client;

/// <summary>The node, operation or webhook does not exist (404).</summary>
public sealed class BareMetalNotFoundException : BareMetalApiException
{
    /// <summary>Creates the exception.</summary>
    public BareMetalNotFoundException(HttpStatusCode status, ProblemDocument? problem, string message)
        : base(status, problem, message)
    {
    }

    /// <summary>Creates the exception without an answer.</summary>
    public BareMetalNotFoundException()
    {
    }

    /// <summary>Creates the exception without an answer.</summary>
    public BareMetalNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception without an answer, wrapping <paramref name="innerException"/>.</summary>
    public BareMetalNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
