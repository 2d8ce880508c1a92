using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BareMetal.Provisioning.Webhooks;

/// <summary>Delivery ids and bodies.</summary>
public static class WebhookDeliveries
{
    /// <summary>
    /// The body's JSON style: snake_case property names and enum values (as in Ironic's API), nulls kept. See
    /// docs/webhooks.md.
    /// </summary>
    public static JsonSerializerOptions PayloadJson { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>
    /// The delivery id of one event to one endpoint: derived from both, so that preparing the same event again (a
    /// retried terminal write) finds the same delivery instead of sending twice.
    /// </summary>
    public static string Id(string eventId, WebhookEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        ArgumentNullException.ThrowIfNull(endpoint);
        var text = $"{eventId}\n{endpoint.SubscriptionId ?? "callback"}\n{endpoint.Url}";
        return "whd-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }

    /// <summary>The body: <c>{"id", "type", "created_at", "data"}</c>.</summary>
    public static string Payload<T>(string deliveryId, string eventType, DateTimeOffset createdAt, T data) =>
        JsonSerializer.Serialize(new Envelope<T>(deliveryId, eventType, createdAt, data), PayloadJson);

    private sealed record Envelope<T>(string Id, string Type, DateTimeOffset CreatedAt, T Data);
}
