using BareMetal.Runtime.Cluster;

namespace BareMetal.Runtime.Membership;

/// <summary>Who this silo is: its address (endpoint and generation), name and gateway port.</summary>
public interface ILocalSiloDetails
{
    /// <summary>This silo's address; the generation is new on every start.</summary>
    SiloAddress SiloAddress { get; }

    /// <summary>The human-readable silo name.</summary>
    string SiloName { get; }

    /// <summary>The port external clients connect to, or 0 when this silo is not a gateway.</summary>
    int GatewayPort { get; }
}
