namespace BareMetal.Provisioning.Webhooks;

/// <summary>The headers of a webhook POST besides <see cref="WebhookSignature.HeaderName"/>.</summary>
public static class WebhookHeaders
{
    /// <summary>The event type (see <c>WebhookEventTypes</c>).</summary>
    public const string Event = "BareMetal-Event";

    /// <summary>The delivery id: the same on every attempt of one delivery, so receivers can drop duplicates.</summary>
    public const string Delivery = "BareMetal-Delivery";
}
