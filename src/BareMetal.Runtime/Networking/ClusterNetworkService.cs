using BareMetal.Hosting;

namespace BareMetal.Runtime.Networking;

/// <summary>Starts accepting on the silo and gateway ports before the silo joins the membership table, and closes everything last.</summary>
internal sealed class ClusterNetworkService(ClusterEndpoints endpoints, SiloMessenger messenger) : ISiloLifecycleParticipant
{
    public int Stage => SiloLifecycleStage.RuntimeServices - 100;

    public Task OnStartAsync(CancellationToken cancellationToken)
    {
        var identity = endpoints.SiloAddress.ToString();
        endpoints.SiloListener.Start(identity);
        endpoints.GatewayListener?.Start(identity);
        return Task.CompletedTask;
    }

    public async Task OnStopAsync(CancellationToken cancellationToken)
    {
        if (endpoints.GatewayListener is not null)
        {
            await endpoints.GatewayListener.StopAsync(cancellationToken);
        }

        await endpoints.SiloListener.StopAsync(cancellationToken);
        await messenger.CloseAllAsync();
    }
}
