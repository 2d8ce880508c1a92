namespace BareMetal.Api.Errors;

/// <summary>A request the gateway refuses with a problem+json answer (thrown by handlers, turned into the response by the error filter).</summary>
public sealed class ApiProblemException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="kind">The problem's kind, a short slug ("invalid-body", "node-not-found"); the type URI ends with it.</param>
    /// <param name="title">A short, fixed summary of the kind.</param>
    /// <param name="detail">What exactly was wrong with this request.</param>
    public ApiProblemException(int status, string kind, string title, string detail)
        : base(detail)
    {
        Status = status;
        Kind = kind;
        Title = title;
    }

    /// <summary>Creates the exception with the default problem (400).</summary>
    public ApiProblemException()
        : this(400, "bad-request", "Bad request", "The request is not valid.")
    {
    }

    /// <summary>Creates a 400 problem.</summary>
    public ApiProblemException(string message)
        : this(400, "bad-request", "Bad request", message)
    {
    }

    /// <summary>Creates a 400 problem with an inner exception.</summary>
    public ApiProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 400;
        Kind = "bad-request";
        Title = "Bad request";
    }

    /// <summary>The HTTP status code.</summary>
    public int Status { get; }

    /// <summary>The problem's kind (the last segment of its type URI).</summary>
    public string Kind { get; }

    /// <summary>A short, fixed summary of the kind.</summary>
    public string Title { get; }

    /// <summary>Extension members of the problem document.</summary>
    public IDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>For 429 and 503: when to retry.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>A 400 for a malformed request (body, query or path).</summary>
    public static ApiProblemException BadRequest(string detail) => new(400, "invalid-request", "Invalid request", detail);

    /// <summary>A 404 for something that does not exist.</summary>
    public static ApiProblemException NotFound(string kind, string detail) => new(404, kind, "Not found", detail);
}
