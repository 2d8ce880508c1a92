using BareMetal.Runtime;
using BareMetal.Runtime.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BareMetal.Client.Cluster;

/// <summary>
/// Connects the cluster client when the host starts (the start fails when no gateway answers, naming them) and hands
/// out its grain factory; disconnects when the host stops.
/// </summary>
internal sealed partial class ClusterClientConnection(ClusterClientOptions options, ILoggerFactory loggerFactory, ILogger<ClusterClientConnection> logger)
    : IHostedService, IGrainFactory, IAsyncDisposable
{
    private volatile ClusterClient? _client;

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey => Factory.GetGrain<TGrainInterface>(key);

    public TGrainInterface GetGrain<TGrainInterface>(Guid key) where TGrainInterface : IGrainWithGuidKey => Factory.GetGrain<TGrainInterface>(key);

    public TGrainInterface GetGrain<TGrainInterface>(long key) where TGrainInterface : IGrainWithIntegerKey => Factory.GetGrain<TGrainInterface>(key);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable => Factory.GetGrain<TGrainInterface>(grainId);

    private IGrainFactory Factory => _client?.GrainFactory
        ?? throw new SiloUnavailableException("The cluster client is not connected: it connects when the host starts.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _client = await ClusterClient.ConnectAsync(options, cancellationToken, loggerFactory);
        LogConnected(logger, string.Join(", ", options.Gateways), _client.ConnectedGateways);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _client, null) is { } client)
        {
            await client.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster client connected through {Gateways} ({Connected} gateways live)")]
    private static partial void LogConnected(ILogger logger, string gateways, int connected);
}
