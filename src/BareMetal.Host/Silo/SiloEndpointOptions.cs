namespace BareMetal.Host.Silo;

/// <summary>Where a silo listens and what it tells the others to call (<c>BareMetal:Endpoints</c>).</summary>
public sealed class SiloEndpointOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Endpoints";

    /// <summary>The address other silos and clients reach this one on.</summary>
    public string AdvertisedHost { get; set; } = "127.0.0.1";

    /// <summary>The local address both ports are bound to.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The silo-to-silo port. The embedded default (no clustering) picks a free one unless this is set.</summary>
    public int? SiloPort { get; set; }

    /// <summary>The port clients (gateway hosts, embedded clients) connect to; 0 turns the gateway off.</summary>
    public int? GatewayPort { get; set; }
}
