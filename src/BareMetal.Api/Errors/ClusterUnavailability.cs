namespace BareMetal.Api.Errors;

/// <summary>
/// Which failures of a grain call mean "the cluster cannot answer right now" (a silo died or is moving an activation,
/// the gateway sheds load, a call timed out, the client lost its gateway): worth a retry shortly, so both APIs answer
/// them 503 with Retry-After. The answer is a fixed text: the exceptions' own messages name silos, message headers
/// and grain interface types, which are no business of a client.
/// </summary>
public static class ClusterUnavailability
{
    /// <summary>How long clients are told to wait before retrying.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>What a client is told; null when <paramref name="exception"/> is not an unavailability.</summary>
    /// <param name="exception">What a grain call threw.</param>
    /// <returns>The problem's kind, title and detail; null for any other failure.</returns>
    public static (string Kind, string Title, string Detail)? Classify(Exception exception) => exception switch
    {
        GatewayTooBusyException => ("overloaded", "Overloaded", "The cluster is too busy to take the request now; retry after the delay given."),
        TimeoutException => ("timeout", "The cluster did not answer in time", "The cluster did not answer in time; the request may or may not have been carried out. Retry after the delay given (with the same Idempotency-Key for actions)."),
        OrleansMessageRejectionException
            or SiloUnavailableException
            or ClientNotAvailableException
            or Orleans.Runtime.Messaging.ConnectionFailedException
            or OrleansLifecycleCanceledException =>
            ("unavailable", "The cluster is not reachable", "The part of the cluster that holds this resource is not reachable right now (a server may be restarting); retry after the delay given."),
        // A write refused because another activation of the same grain wrote first: Orleans has deactivated the
        // stale one, so the retry reaches an activation that read the latest state.
        Orleans.Storage.InconsistentStateException => ("moved", "The resource moved between servers", "The resource was being moved to another server as the request arrived (a failover). Retry after the delay given, with the same Idempotency-Key for actions."),
        _ => null,
    };
}
