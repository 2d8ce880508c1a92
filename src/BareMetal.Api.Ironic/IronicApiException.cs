namespace BareMetal.Api.Ironic;

/// <summary>A request the API refuses, with the status code and fault text Ironic would give.</summary>
internal sealed class IronicApiException : Exception
{
    public IronicApiException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public IronicApiException()
        : this(400, "Bad request.")
    {
    }

    public IronicApiException(string message)
        : this(400, message)
    {
    }

    public IronicApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 400;
    }

    public int StatusCode { get; }

    /// <summary>Seconds after which a retry may succeed (Retry-After); null when not known.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static IronicApiException BadRequest(string message) => new(400, message);

    public static IronicApiException NotFound(string message) => new(404, message);

    public static IronicApiException Conflict(string message) => new(409, message);

    public static IronicApiException NotAcceptable(string message) => new(406, message);
}
