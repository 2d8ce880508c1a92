using System.Net;
using BareMetal.Configuration;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.Membership;
using BareMetal.Runtime.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Runtime.Networking;

/// <summary>
/// The silo's listening sockets: the silo port (silos only) and, unless disabled, the gateway port
/// (silos and external clients). Both are bound when the silo is composed, so a port of 0 resolves to
/// a real port before the silo's address (and so its membership row) exists; accepting starts later.
/// </summary>
internal sealed class ClusterEndpoints : ILocalSiloDetails, IAsyncDisposable
{
    public ClusterEndpoints(
        SiloMessenger messenger,
        IOptions<EndpointOptions> endpoints,
        IOptions<SiloOptions> silo,
        IOptions<TransportOptions> transport,
        ILoggerFactory loggerFactory)
    {
        var options = endpoints.Value;
        var listenAddress = IPAddress.Parse(options.ListenAddress);
        SiloListener = new ClusterListener(new IPEndPoint(listenAddress, options.SiloPort), ClusterListenerMode.SilosOnly, messenger, transport, loggerFactory);
        var siloPort = SiloListener.BindAsync(CancellationToken.None).GetAwaiter().GetResult().Port;
        if (options.GatewayPort >= 0)
        {
            GatewayListener = new ClusterListener(new IPEndPoint(listenAddress, options.GatewayPort), ClusterListenerMode.SilosAndClients, messenger, transport, loggerFactory);
            GatewayPort = GatewayListener.BindAsync(CancellationToken.None).GetAwaiter().GetResult().Port;
        }

        // The generation makes a restarted silo on the same endpoint a new silo.
        SiloAddress = new SiloAddress(options.AdvertisedHost, siloPort, DateTimeOffset.UtcNow.UtcTicks);
        SiloName = silo.Value.SiloName;
    }

    public SiloAddress SiloAddress { get; }

    public string SiloName { get; }

    public int GatewayPort { get; }

    public ClusterListener SiloListener { get; }

    public ClusterListener? GatewayListener { get; }

    public async ValueTask DisposeAsync()
    {
        await SiloListener.DisposeAsync();
        if (GatewayListener is not null)
        {
            await GatewayListener.DisposeAsync();
        }
    }
}
