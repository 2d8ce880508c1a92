namespace BareMetal.Runtime.Transport;

/// <summary>What the process at the other end of a connection is.</summary>
public enum ClusterRole : byte
{
    /// <summary>A silo; its identity is its <c>SiloAddress</c> string.</summary>
    Silo = 1,

    /// <summary>An external cluster client connected to a gateway; its identity is a client id.</summary>
    Client = 2,
}
