using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Contracts.Webhooks;
using BareMetal.Provisioning.Fleet;
using BareMetal.Provisioning.Operations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Provisioning.Webhooks;

/// <summary>
/// Turns operation and node events into webhook deliveries: finds the matching subscriptions (and an operation's
/// callback), prepares one durable <see cref="IWebhookDeliveryGrain"/> per endpoint and dispatches it.
/// </summary>
public sealed partial class WebhookPublisher(
    IGrainFactory grains,
    IOptions<WebhookOptions> options,
    TimeProvider timeProvider,
    ILogger<WebhookPublisher> logger) : IOperationEventSink, INodeEventSink
{
    /// <summary>The event type of an operation that ended with <paramref name="status"/>.</summary>
    public static string EventTypeOf(OperationStatus status) => status switch
    {
        OperationStatus.Succeeded => WebhookEventTypes.OperationSucceeded,
        OperationStatus.Failed => WebhookEventTypes.OperationFailed,
        OperationStatus.Cancelled => WebhookEventTypes.OperationCancelled,
        OperationStatus.TimedOut => WebhookEventTypes.OperationTimedOut,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Only terminal statuses have events."),
    };

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> Prepare(OperationView terminal, WebhookTarget? callback)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        var eventType = EventTypeOf(terminal.Status);
        var endpoints = (await Registry.Matching(eventType, terminal.NodeId)).ToList();
        if (callback is not null)
        {
            if ((callback.Secret ?? options.Value.DefaultSecret) is { } secret)
            {
                endpoints.Add(new WebhookEndpoint(callback.Url, secret, null));
            }
            else
            {
                LogNoSecret(terminal.Id, callback.Url);
            }
        }

        return await PrepareAll($"{terminal.Id}/{eventType}", eventType, terminal.EndedAt ?? timeProvider.GetUtcNow(), terminal, terminal.Id, endpoints);
    }

    /// <inheritdoc />
    public Task Dispatch(IReadOnlyList<string> prepared)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        return Task.WhenAll(prepared.Select(id => grains.GetResolvedGrain<IWebhookDeliveryGrain>(id).Dispatch()));
    }

    private IWebhookDispatchGrain Registry => grains.GetResolvedGrain<IWebhookDispatchGrain>(IWebhookRegistryGrain.Key);

    /// <inheritdoc />
    public async Task Raise(string eventType, NodeView node)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        ArgumentNullException.ThrowIfNull(node);
        var endpoints = await Registry.Matching(eventType, node.Id);
        if (endpoints.Count > 0)
        {
            // The version makes the event id unique per change of the node, and a raising repeated after a silo's
            // loss prepares the same deliveries again, which they ignore.
            await Dispatch(await PrepareAll($"{node.Id}/{node.Version}/{eventType}", eventType, node.UpdatedAt, node, null, endpoints));
        }
    }

    // happenedAt is the envelope's created_at: when the operation ended or the node's change was written, not when the
    // event was raised, which after a silo's loss can be much later.
    private async Task<IReadOnlyList<string>> PrepareAll<T>(string eventId, string eventType, DateTimeOffset happenedAt, T data, string? operationId, IReadOnlyList<WebhookEndpoint> endpoints)
    {
        if (endpoints.Count == 0)
        {
            return [];
        }

        var ids = new List<string>(endpoints.Count);
        foreach (var endpoint in endpoints)
        {
            var id = WebhookDeliveries.Id(eventId, endpoint);
            var payload = WebhookDeliveries.Payload(id, eventType, happenedAt, data);
            await grains.GetResolvedGrain<IWebhookDeliveryGrain>(id).Prepare(new WebhookDeliveryRequest(endpoint, eventType, payload, operationId));
            ids.Add(id);
        }

        return ids;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operation {OperationId} has a callback to {Url} without a secret and no default webhook secret is configured; not sent")]
    private partial void LogNoSecret(string operationId, string url);
}
