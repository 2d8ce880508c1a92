namespace BareMetal.Client.Cluster;

/// <summary>Where the cluster is and how to prove membership of its trust boundary.</summary>
public sealed class ClusterClientOptions
{
    /// <summary>Silo gateway endpoints as host:port (the silos' <c>BareMetal:Endpoints:GatewayPort</c>).</summary>
    public IList<string> Gateways { get; } = [];

    /// <summary>The cluster to join (the silos' <c>BareMetal:Silo:ClusterId</c>).</summary>
    public string ClusterId { get; set; } = "dev";

    /// <summary>The service the cluster runs (the silos' <c>BareMetal:Silo:ServiceId</c>).</summary>
    public string ServiceId { get; set; } = "baremetal";

    /// <summary>
    /// The cluster secret (the silos' <c>BareMetal:Transport:ClusterSecret</c>). With a secret, connections are TLS and
    /// both ends must prove they hold it; empty means plain TCP, which a cluster only accepts on loopback.
    /// </summary>
    public string ClusterSecret { get; set; } = string.Empty;

    /// <summary>How long a grain call waits for its answer.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
