namespace BareMetal.Provisioning.Webhooks;

/// <summary>Where one event goes: a subscription's URL and secret, or an operation's callback.</summary>
/// <param name="Url">The URL.</param>
/// <param name="Secret">The signing secret.</param>
/// <param name="SubscriptionId">The subscription; null for an operation's callback.</param>
public sealed record WebhookEndpoint(string Url, string Secret, string? SubscriptionId);
