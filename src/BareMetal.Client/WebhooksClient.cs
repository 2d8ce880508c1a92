using BareMetal.Client.Http;
using BareMetal.Contracts.Webhooks;

namespace BareMetal.Client;

/// <summary>Webhook subscriptions (/api/webhooks): URLs the server POSTs signed events to.</summary>
public sealed class WebhooksClient
{
    private readonly ApiTransport _transport;

    internal WebhooksClient(ApiTransport transport) => _transport = transport;

    /// <summary>Registers a subscription.</summary>
    /// <param name="subscription">The URL, the signing secret (at least 16 characters), the event types (all when empty) and an optional node.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<WebhookSubscriptionView> CreateAsync(WebhookSubscriptionRequest subscription, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return _transport.SendJsonAsync<WebhookSubscriptionView>(HttpMethod.Post, "api/webhooks", subscription, null, Guid.NewGuid().ToString("N"), cancellationToken);
    }

    /// <summary>Every subscription.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<WebhookSubscriptionView>> ListAsync(CancellationToken cancellationToken = default) =>
        _transport.GetAsync<IReadOnlyList<WebhookSubscriptionView>>("api/webhooks", cancellationToken);

    /// <summary>One subscription.</summary>
    /// <param name="id">The subscription id (wh-...).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<WebhookSubscriptionView> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _transport.GetAsync<WebhookSubscriptionView>(Path(id), cancellationToken);

    /// <summary>Removes a subscription.</summary>
    /// <param name="id">The subscription id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) => _transport.DeleteAsync(Path(id), cancellationToken);

    /// <summary>The subscription's recent deliveries and their attempts.</summary>
    /// <param name="id">The subscription id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<WebhookDeliveryView>> DeliveriesAsync(string id, CancellationToken cancellationToken = default) =>
        _transport.GetAsync<IReadOnlyList<WebhookDeliveryView>>(Path(id) + "/deliveries", cancellationToken);

    private static string Path(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return "api/webhooks/" + Uri.EscapeDataString(id);
    }
}
