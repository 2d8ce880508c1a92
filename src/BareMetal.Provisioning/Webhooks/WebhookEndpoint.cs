namespace BareMetal.Provisioning.Webhooks;

/// <summary>Where one event goes: a subscription's URL and secret, or an operation's callback.</summary>
/// <param name="Url">The URL.</param>
/// <param name="Secret">The signing secret.</param>
/// <param name="SubscriptionId">The subscription; null for an operation's callback.</param>
[GenerateSerializer, Alias("baremetal.WebhookEndpoint")]
public sealed record WebhookEndpoint([property: Id(0)] string Url, [property: Id(1)] string Secret, [property: Id(2)] string? SubscriptionId);
