namespace BareMetal.Runtime.Transport;

/// <summary>Which peers a <see cref="ClusterListener"/> admits.</summary>
public enum ClusterListenerMode
{
    /// <summary>The silo-to-silo port: clients are refused during the handshake.</summary>
    SilosOnly,

    /// <summary>A gateway: silos and external clients.</summary>
    SilosAndClients,
}
