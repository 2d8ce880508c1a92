using System.Reflection;

namespace BareMetal.Runtime.Client;

/// <summary>How an external process connects to a BareMetal cluster.</summary>
public sealed class ClusterClientOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Client";

    /// <summary>Gateway endpoints as <c>host:port</c>; the client keeps a connection to each one that is up.</summary>
    public IList<string> Gateways { get; } = [];

    /// <summary>
    /// The cluster's membership table: when set, the client also connects to every active silo's
    /// gateway listed there, and keeps following the table as silos come and go.
    /// </summary>
    public Cluster.IMembershipTable? MembershipTable { get; set; }

    /// <summary>The cluster id; must match the silos'.</summary>
    public string ClusterId { get; set; } = "dev";

    /// <summary>The shared cluster secret (empty only when the silos have none). Never logged.</summary>
    public string ClusterSecret { get; set; } = string.Empty;

    /// <summary>This client's name in the handshake and in the silos' logs.</summary>
    public string ClientId { get; set; } = $"client-{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>How long a call waits for its response.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to try connecting to one gateway.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a lost gateway is retried.</summary>
    public TimeSpan ReconnectPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Assemblies with grain interfaces to load, beyond those discovered automatically.</summary>
    public IList<Assembly> GrainAssemblies { get; } = [];
}
