using Orleans.Hosting;

namespace BareMetal.Client.Cluster;

/// <summary>Where the cluster is and how to prove membership of its trust boundary.</summary>
public sealed class ClusterClientOptions
{
    /// <summary>
    /// Silo gateway endpoints as host:port (the silos' <c>BareMetal:Endpoints:GatewayPort</c>). A fixed list: a listed
    /// gateway that froze keeps its connection, so calls sent through it wait for <see cref="ResponseTimeout"/>. Prefer
    /// <see cref="DiscoverGateways"/> where the client can read the cluster's membership table.
    /// </summary>
    public IList<string> Gateways { get; } = [];

    /// <summary>
    /// Finds gateways in the cluster's membership table instead of <see cref="Gateways"/> (for example
    /// <c>client.UseBareMetalPostgres(...)</c>): the list holds the silos the cluster counts as active, refreshed every
    /// <see cref="GatewayListRefreshPeriod"/>, and the connection to a silo declared dead is closed, failing the calls
    /// waiting on it at once.
    /// </summary>
    public Action<IClientBuilder>? DiscoverGateways { get; set; }

    /// <summary>How often the client re-reads its gateway list (Orleans' default is a minute).</summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(1);

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
