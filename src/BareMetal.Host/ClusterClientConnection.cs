using BareMetal.Runtime;
using BareMetal.Runtime.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BareMetal.Host;

/// <summary>
/// For a gateway-only host: connects the cluster client in the background (retrying until a gateway answers) and
/// hands out its grain factory. Until connected, grain calls fail with <see cref="SiloUnavailableException"/>
/// (answered 503) and the host is not ready.
/// </summary>
internal sealed partial class ClusterClientConnection(
    ClusterClientOptions options,
    HostReadiness readiness,
    ILoggerFactory loggerFactory,
    ILogger<ClusterClientConnection> logger) : BackgroundService, IGrainFactory
{
    private static readonly TimeSpan s_retryDelay = TimeSpan.FromSeconds(1);
    private volatile ClusterClient? _client;

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey => Factory.GetGrain<TGrainInterface>(key);

    public TGrainInterface GetGrain<TGrainInterface>(Guid key) where TGrainInterface : IGrainWithGuidKey => Factory.GetGrain<TGrainInterface>(key);

    public TGrainInterface GetGrain<TGrainInterface>(long key) where TGrainInterface : IGrainWithIntegerKey => Factory.GetGrain<TGrainInterface>(key);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable => Factory.GetGrain<TGrainInterface>(grainId);

    private IGrainFactory Factory => _client?.GrainFactory
        ?? throw new SiloUnavailableException("The gateway is not connected to the cluster yet; retry shortly.");

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        readiness.MarkNotReady("stopping");
        await base.StopAsync(cancellationToken);
        if (_client is { } client)
        {
            _client = null;
            await client.DisposeAsync();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        readiness.MarkNotReady("connecting to the cluster");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _client = await ClusterClient.ConnectAsync(options, stoppingToken, loggerFactory);
                readiness.MarkReady();
                LogConnected(logger, string.Join(", ", options.Gateways));
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogRetry(logger, exception.Message);
                await Task.Delay(s_retryDelay, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to the cluster through {Gateways}")]
    private static partial void LogConnected(ILogger logger, string gateways);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot reach the cluster yet ({Reason}); retrying")]
    private static partial void LogRetry(ILogger logger, string reason);
}
