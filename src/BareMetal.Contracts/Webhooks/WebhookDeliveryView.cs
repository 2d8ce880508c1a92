using BareMetal.Contracts.Operations;

namespace BareMetal.Contracts.Webhooks;

/// <summary>One event's delivery to one URL and its attempts.</summary>
/// <param name="Id">The delivery id (also sent as the BareMetal-Delivery header).</param>
/// <param name="Url">Where it goes.</param>
/// <param name="EventType">The event type.</param>
/// <param name="Delivered">Whether a 2xx was received.</param>
/// <param name="GaveUp">Whether the attempts ran out.</param>
/// <param name="Attempts">The attempts, oldest first.</param>
[GenerateSerializer, Alias("baremetal.WebhookDeliveryView")]
public sealed record WebhookDeliveryView([property: Id(0)] string Id, [property: Id(1)] string Url, [property: Id(2)] string EventType, [property: Id(3)] bool Delivered, [property: Id(4)] bool GaveUp, [property: Id(5)] IReadOnlyList<DeliveryAttempt> Attempts);
