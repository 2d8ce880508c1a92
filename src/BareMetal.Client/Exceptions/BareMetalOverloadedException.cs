using System.Net;

namespace BareMetal.Client;

/// <summary>
/// The server asked the client to slow down (429 rate limit, 503 node queue full or cluster busy) and the client's
/// retries ran out, or the delay asked for exceeds <see cref="BareMetalClientOptions.MaxRetryDelay"/>.
/// </summary>
public sealed class BareMetalOverloadedException : BareMetalApiException
{
    /// <summary>Creates the exception.</summary>
    public BareMetalOverloadedException(HttpStatusCode status, ProblemDocument? problem, string message, TimeSpan? retryAfter)
        : base(status, problem, message)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>Creates the exception without an answer.</summary>
    public BareMetalOverloadedException()
    {
    }

    /// <summary>Creates the exception without an answer.</summary>
    public BareMetalOverloadedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception without an answer, wrapping <paramref name="innerException"/>.</summary>
    public BareMetalOverloadedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>How long the server asked to wait (its Retry-After); null when it did not say.</summary>
    public TimeSpan? RetryAfter { get; }
}
