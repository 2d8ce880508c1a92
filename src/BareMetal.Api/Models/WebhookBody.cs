namespace BareMetal.Api.Models;

/// <summary>The body of POST /api/webhooks.</summary>
public sealed record WebhookBody
{
    /// <summary>An absolute http or https URL that receives POSTs.</summary>
    public required string Url { get; init; }

    /// <summary>The HMAC-SHA256 key deliveries are signed with (at least 16 characters); never shown again.</summary>
    public required string Secret { get; init; }

    /// <summary>The event types wanted; all when omitted or empty.</summary>
    public List<string>? EventTypes { get; init; }

    /// <summary>Only this node's events.</summary>
    public string? NodeId { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }
}
