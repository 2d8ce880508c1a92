using System.Runtime.CompilerServices;
using System.Text.Json;
using BareMetal.Client.Http;
using BareMetal.Client.Json;
using BareMetal.Client.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BareMetal.Client;

/// <summary>
/// The BareMetal HTTP API: <see cref="Nodes"/>, <see cref="Operations"/>, <see cref="Webhooks"/> and the fleet event
/// stream. Register it with <c>services.AddBareMetalClient(...)</c>, or create one with <see cref="Create"/>.
/// Thread-safe; one instance can serve a whole application.
/// </summary>
public sealed class BareMetalClient
{
    private readonly ApiTransport _transport;

    /// <summary>The constructor used by <see cref="IHttpClientFactory"/> for the typed client.</summary>
    /// <param name="http">The HTTP client (its own timeout should be infinite: each attempt has a deadline).</param>
    /// <param name="options">The client's options.</param>
    /// <param name="logger">Where retries are logged.</param>
    [ActivatorUtilitiesConstructor]
    public BareMetalClient(HttpClient http, IOptions<BareMetalClientOptions> options, ILogger<BareMetalClient> logger)
        : this(http, options?.Value!, (ILogger)logger)
    {
    }

    /// <summary>Creates a client on <paramref name="http"/> with <paramref name="options"/>.</summary>
    /// <param name="http">The HTTP client (its own timeout should be infinite: each attempt has a deadline).</param>
    /// <param name="options">The client's options; checked now.</param>
    /// <param name="logger">Where retries are logged; nowhere when null.</param>
    /// <exception cref="ArgumentException">The options are not valid (the message names each setting).</exception>
    public BareMetalClient(HttpClient http, BareMetalClientOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _transport = new ApiTransport(http, options, logger ?? NullLogger.Instance);
        Operations = new OperationsClient(_transport);
        Nodes = new NodesClient(_transport, Operations);
        Webhooks = new WebhooksClient(_transport);
    }

    /// <summary>Nodes: list, show, enroll, edit, delete, and actions.</summary>
    public NodesClient Nodes { get; }

    /// <summary>Operations: show, wait for a change, list, cancel, watch.</summary>
    public OperationsClient Operations { get; }

    /// <summary>Webhook subscriptions and their deliveries.</summary>
    public WebhooksClient Webhooks { get; }

    /// <summary>The options in use.</summary>
    public BareMetalClientOptions Options => _transport.Options;

    /// <summary>Creates a client with its own <see cref="HttpClient"/>, for programs without dependency injection.</summary>
    /// <param name="options">The client's options; checked now.</param>
    /// <param name="handler">The HTTP handler; a new <see cref="SocketsHttpHandler"/> when null.</param>
    public static BareMetalClient Create(BareMetalClientOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        return new BareMetalClient(http, options);
    }

    /// <summary>
    /// Streams the fleet's node changes from now on (server-sent events from /api/events), until
    /// <paramref name="cancellationToken"/> is cancelled or the server closes the stream. The stream does not replay
    /// what happened while disconnected: after reconnecting, re-read the nodes you care about.
    /// </summary>
    /// <param name="cancellationToken">Stops the stream.</param>
    public async IAsyncEnumerable<FleetEvent> StreamFleetEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var (type, data) in ServerSentEvents.ReadAsync(_transport, "api/events", cancellationToken))
        {
            if (type == FleetEvent.Resync)
            {
                var shard = data.TryGetProperty("shard", out var value) && value.TryGetInt32(out var number) ? number : -1;
                yield return new FleetEvent(FleetEvent.Resync, null, shard, 0, null, false, null);
            }
            else if (type == FleetEvent.NodeChanged)
            {
                var change = data.Deserialize<NodeChangeMessage>(ClientJson.Options)
                    ?? throw new BareMetalApiException("The API sent an empty node event.");
                yield return new FleetEvent(FleetEvent.NodeChanged, change.NodeId, change.Shard, change.Sequence, change.At, change.Deleted, change.Node);
            }
        }
    }

    private sealed record NodeChangeMessage(string NodeId, int Shard, long Sequence, DateTimeOffset At, bool Deleted, Node? Node);
}
