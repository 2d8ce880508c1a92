using BareMetal.Runtime.Cluster;

namespace BareMetal.Runtime.Membership;

/// <summary>
/// A prober for silos without a transport (single-silo hosts, early wiring): every peer answers, so
/// peers are declared dead only by heartbeat age (<see cref="MembershipOptions.DeathByHeartbeatAge"/>).
/// </summary>
internal sealed class NoOpSiloProber : ISiloProber
{
    public Task<bool> ProbeAsync(SiloAddress silo, TimeSpan timeout, CancellationToken ct) => Task.FromResult(true);
}
