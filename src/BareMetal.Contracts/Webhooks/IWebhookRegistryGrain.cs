
namespace BareMetal.Contracts.Webhooks;

/// <summary>
/// The webhook subscriptions (one grain, key <see cref="Key"/>; few writes, cached reads). Matching events are
/// delivered signed, retried with backoff and recorded, by durable delivery grains that survive a silo crash.
/// </summary>
[Alias("baremetal.IWebhookRegistryGrain")]
public interface IWebhookRegistryGrain : IGrainWithStringKey
{
    /// <summary>The registry's grain key.</summary>
    const string Key = "webhooks";

    /// <summary>Registers a subscription; throws <see cref="ArgumentException"/> naming the bad field.</summary>
    [Alias("Add")]
    Task<WebhookSubscriptionView> Add(WebhookSubscriptionRequest request);

    /// <summary>Removes a subscription; false when there was none with that id.</summary>
    [Alias("Remove")]
    Task<bool> Remove(string subscriptionId);

    /// <summary>All subscriptions.</summary>
    [ReadOnly]
    [Alias("List")]
    Task<IReadOnlyList<WebhookSubscriptionView>> List();

    /// <summary>The deliveries made for a subscription, newest first, bounded.</summary>
    [ReadOnly]
    [Alias("Deliveries")]
    Task<IReadOnlyList<WebhookDeliveryView>> Deliveries(string subscriptionId);
}
