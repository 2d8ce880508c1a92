namespace BareMetal.Chaos;

/// <summary>One HTTP request of the run and what came back, on the run's clock.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path and query.</param>
/// <param name="IdempotencyKey">The Idempotency-Key sent, if any.</param>
/// <param name="Sent">When it was sent.</param>
/// <param name="Answered">When the answer (or the failure) came.</param>
/// <param name="Status">The HTTP status; 0 when no answer came in time or the connection failed.</param>
/// <param name="RetryAfter">Whether the answer carried Retry-After.</param>
/// <param name="Problem">The problem kind of a problem+json answer (the end of its <c>type</c>).</param>
/// <param name="OperationId">The operation an action or cancel answer named.</param>
public sealed record ApiCall(
    string Method,
    string Path,
    string? IdempotencyKey,
    TimeSpan Sent,
    TimeSpan Answered,
    int Status,
    bool RetryAfter,
    string? Problem,
    string? OperationId)
{
    /// <summary>Whether this asked for an action on a node.</summary>
    public bool IsAction => Method == "POST" && Path.Contains("/actions/", StringComparison.Ordinal);

    /// <summary>Whether no answer came (timeout or connection failure).</summary>
    public bool Unanswered => Status == 0;

    /// <summary>How long the answer took.</summary>
    public TimeSpan Latency => Answered - Sent;
}
