using BareMetal.Contracts.Webhooks;

namespace BareMetal.Provisioning.Webhooks;

/// <summary>The webhook registry as the silo's event sources and deliveries use it (with secrets; never exposed to clients).</summary>
public interface IWebhookDispatchGrain : IGrainWithStringKey
{
    /// <summary>The subscriptions that want <paramref name="eventType"/> about <paramref name="nodeId"/>.</summary>
    [ReadOnly]
    Task<IReadOnlyList<WebhookEndpoint>> Matching(string eventType, string nodeId);

    /// <summary>Records the latest state of one of a subscription's deliveries in its history.</summary>
    Task RecordDelivery(string subscriptionId, WebhookDeliveryView delivery);
}
