namespace BareMetal.Host;

/// <summary>How a gateway-only host reaches the cluster (section <see cref="SectionName"/>).</summary>
public sealed class GatewayClientOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Client";

    /// <summary>
    /// Silo gateway endpoints as host:port. Empty: the gateways are read from the membership table of the PostgreSQL
    /// database in BareMetal:Database (preferred: a frozen silo leaves the list once the cluster declares it dead).
    /// </summary>
    public List<string> Gateways { get; set; } = [];

    /// <summary>
    /// How long a grain call from this gateway waits for its answer before the API answers 503 with Retry-After.
    /// Shorter than a silo's own 30 s: a call parked on a silo that froze is failed only by this timeout, and an HTTP
    /// client is better served by a prompt 503 it can retry (with its Idempotency-Key) than by a long hang.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The cluster id; defaults to BareMetal:Silo:ClusterId.</summary>
    public string? ClusterId { get; set; }

    /// <summary>The cluster secret; defaults to BareMetal:Transport:ClusterSecret. Never logged.</summary>
    public string? ClusterSecret { get; set; }

    /// <summary>Whether the gateway endpoint <paramref name="hostAndPort"/> ("127.0.0.1:30000", "[::1]:30000", "localhost:30000") is on this machine.</summary>
    public static bool IsLoopback(string hostAndPort)
    {
        ArgumentNullException.ThrowIfNull(hostAndPort);
        return Uri.TryCreate("tcp://" + hostAndPort.Trim(), UriKind.Absolute, out var endpoint) && HostSettings.IsLoopback(endpoint);
    }
}
