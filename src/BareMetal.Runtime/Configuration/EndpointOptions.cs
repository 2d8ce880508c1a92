namespace BareMetal.Configuration;

/// <summary>Where a clustered silo listens and how others reach it.</summary>
public sealed class EndpointOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Endpoints";

    /// <summary>The host name or IP other silos and clients use to reach this silo.</summary>
    public string AdvertisedHost { get; set; } = "127.0.0.1";

    /// <summary>The local address to listen on ("0.0.0.0" for all interfaces).</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The silo-to-silo port; 0 picks a free port at start.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port external clients connect to; 0 picks a free port, -1 disables the gateway.</summary>
    public int GatewayPort { get; set; } = 30000;
}
