namespace BareMetal.Contracts.Webhooks;

/// <summary>Where one operation's completion is posted, and the secret its signature is made with.</summary>
/// <param name="Url">An absolute http or https URL.</param>
/// <param name="Secret">The HMAC-SHA256 key; when null the gateway's default webhook secret is used.</param>
[GenerateSerializer, Alias("baremetal.WebhookTarget")]
public sealed record WebhookTarget([property: Id(0)] string Url, [property: Id(1)] string? Secret = null);
