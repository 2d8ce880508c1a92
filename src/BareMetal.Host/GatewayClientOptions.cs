namespace BareMetal.Host;

/// <summary>How a gateway-only host reaches the cluster (section <see cref="SectionName"/>).</summary>
public sealed class GatewayClientOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Client";

    /// <summary>Silo gateway endpoints as host:port.</summary>
    public List<string> Gateways { get; set; } = [];

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
