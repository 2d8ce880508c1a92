using BareMetal.Runtime.Cluster;

namespace BareMetal.Runtime.Membership;

/// <summary>
/// Checks directly whether a peer silo answers (the transport sends a Ping frame and waits for the
/// Pong). The membership agent counts a false, an exception or a timeout as a missed probe.
/// </summary>
internal interface ISiloProber
{
    /// <summary>True when <paramref name="silo"/> answered within <paramref name="timeout"/>.</summary>
    Task<bool> ProbeAsync(SiloAddress silo, TimeSpan timeout, CancellationToken ct);

    /// <summary>
    /// True once this silo's own transport is shut down: probes fail then whatever the peers' health,
    /// so their failures must not count against the peers.
    /// </summary>
    bool IsClosed => false;
}
