namespace BareMetal.Contracts.Webhooks;

/// <summary>What a client registers to be told of events.</summary>
/// <param name="Url">An absolute http or https URL that receives POSTs.</param>
/// <param name="Secret">The HMAC-SHA256 key deliveries are signed with (at least 16 characters); never shown again.</param>
/// <param name="EventTypes">The event types wanted (see <see cref="WebhookEventTypes"/>); all when empty.</param>
/// <param name="NodeId">Only events of this node; all nodes when null.</param>
/// <param name="Description">Free text.</param>
public sealed record WebhookSubscriptionRequest(
    string Url,
    string Secret,
    IReadOnlyList<string> EventTypes,
    string? NodeId = null,
    string? Description = null);

/// <summary>A registered subscription as clients see it (without its secret).</summary>
/// <param name="Id">The subscription id (wh-...).</param>
/// <param name="Url">Where deliveries go.</param>
/// <param name="EventTypes">The event types wanted; all when empty.</param>
/// <param name="NodeId">The node filter, if any.</param>
/// <param name="Description">Free text.</param>
/// <param name="CreatedAt">When it was registered.</param>
public sealed record WebhookSubscriptionView(
    string Id,
    string Url,
    IReadOnlyList<string> EventTypes,
    string? NodeId,
    string? Description,
    DateTimeOffset CreatedAt);
