namespace BareMetal.Host.Silo;

/// <summary>Where a silo listens and what it tells the others to call (<c>BareMetal:Endpoints</c>).</summary>
public sealed class SiloEndpointOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Endpoints";

    /// <summary>The silo-to-silo port of a clustered silo unless configured.</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>The gateway port of a clustered silo unless configured.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>The address other silos and clients reach this one on.</summary>
    public string AdvertisedHost { get; set; } = "127.0.0.1";

    /// <summary>The local address both ports are bound to.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The silo-to-silo port (default 11111); 0 picks a free one, as the embedded default always does.</summary>
    public int? SiloPort { get; set; }

    /// <summary>The port clients (gateway hosts, embedded clients) connect to (default 30000, none for the embedded default); 0 picks a free one.</summary>
    public int? GatewayPort { get; set; }
}
