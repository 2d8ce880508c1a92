namespace BareMetal.Host.Silo;

/// <summary>How silos and clients trust each other (<c>BareMetal:Transport</c>).</summary>
public sealed class ClusterTransportOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Transport";

    /// <summary>
    /// The secret every silo and cluster client of the cluster holds. With it, every connection is mutual TLS in which
    /// both ends prove they hold the secret; without it, connections are plain TCP and silos only listen on loopback.
    /// Never logged.
    /// </summary>
    public string ClusterSecret { get; set; } = string.Empty;
}
