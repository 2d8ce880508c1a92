namespace BareMetal.Contracts.Webhooks;

/// <summary>What a client registers to be told of events.</summary>
/// <param name="Url">An absolute http or https URL that receives POSTs.</param>
/// <param name="Secret">The HMAC-SHA256 key deliveries are signed with (at least 16 characters); never shown again.</param>
/// <param name="EventTypes">The event types wanted (see <see cref="WebhookEventTypes"/>); all when empty.</param>
/// <param name="NodeId">Only events of this node; all nodes when null.</param>
/// <param name="Description">Free text.</param>
[GenerateSerializer, Alias("baremetal.WebhookSubscriptionRequest")]
public sealed record WebhookSubscriptionRequest(
    [property: Id(0)] string Url,
    [property: Id(1)] string Secret,
    [property: Id(2)] IReadOnlyList<string> EventTypes,
    [property: Id(3)] string? NodeId = null,
    [property: Id(4)] string? Description = null);

/// <summary>A registered subscription as clients see it (without its secret).</summary>
/// <param name="Id">The subscription id (wh-...).</param>
/// <param name="Url">Where deliveries go.</param>
/// <param name="EventTypes">The event types wanted; all when empty.</param>
/// <param name="NodeId">The node filter, if any.</param>
/// <param name="Description">Free text.</param>
/// <param name="CreatedAt">When it was registered.</param>
[GenerateSerializer, Alias("baremetal.WebhookSubscriptionView")]
public sealed record WebhookSubscriptionView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] IReadOnlyList<string> EventTypes,
    [property: Id(3)] string? NodeId,
    [property: Id(4)] string? Description,
    [property: Id(5)] DateTimeOffset CreatedAt);
