using BareMetal.Contracts.Webhooks;

namespace BareMetal.Provisioning.Webhooks;

/// <summary>
/// One event's delivery to one endpoint (keyed by the delivery id, see <see cref="WebhookDeliveries.Id"/>): durable,
/// retried with backoff, resumed by a reminder on another silo when its silo dies.
/// </summary>
public interface IWebhookDeliveryGrain : IGrainWithStringKey
{
    /// <summary>Stores the delivery and arms its safety-net reminder, without sending yet; a no-op when already prepared.</summary>
    Task Prepare(WebhookDeliveryRequest request);

    /// <summary>Makes the first attempt start now (otherwise the reminder starts it); answered at once, even during an attempt.</summary>
    [AlwaysInterleave]
    Task Dispatch();

    /// <summary>The delivery and its attempts; null when never prepared.</summary>
    [ReadOnly]
    Task<WebhookDeliveryView?> Get();
}
