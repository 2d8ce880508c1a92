using BareMetal.Hosting;

namespace BareMetal.Runtime.Networking;

/// <summary>
/// On shutdown, after the grains are deactivated but before the silo writes itself Dead (peers fail
/// every call still in flight to a dead silo): waits for the answers to requests this silo passed on.
/// </summary>
internal sealed class RelayDrainer(SiloMessenger messenger) : ISiloLifecycleParticipant
{
    public int Stage => SiloLifecycleStage.RuntimeServices + 50;

    public Task OnStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task OnStopAsync(CancellationToken cancellationToken) => messenger.DrainRelaysAsync(TimeSpan.FromSeconds(5));
}
