using BareMetal.Hosting;

namespace BareMetal.Runtime.Networking;

/// <summary>
/// The first thing a stopping silo does: tell its peers and clients it is leaving, so they route new
/// calls elsewhere while it finishes its in-flight turns (graceful drain without failed calls).
/// </summary>
internal sealed class ClusterLeaveAnnouncer(ClusterEndpoints endpoints, SiloMessenger messenger) : ISiloLifecycleParticipant
{
    public int Stage => SiloLifecycleStage.Active + 100;

    public Task OnStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task OnStopAsync(CancellationToken cancellationToken)
    {
        var inbound = endpoints.SiloListener.Connections.Concat(endpoints.GatewayListener?.Connections ?? []);
        messenger.AnnounceLeave(inbound);
        return Task.CompletedTask;
    }
}
