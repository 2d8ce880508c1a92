using BareMetal.Contracts.Operations;

namespace BareMetal.Contracts.Webhooks;

/// <summary>One event's delivery to one URL and its attempts.</summary>
/// <param name="Id">The delivery id (also sent as the BareMetal-Delivery header).</param>
/// <param name="Url">Where it goes.</param>
/// <param name="EventType">The event type.</param>
/// <param name="Delivered">Whether a 2xx was received.</param>
/// <param name="GaveUp">Whether the attempts ran out.</param>
/// <param name="Attempts">The attempts, oldest first.</param>
public sealed record WebhookDeliveryView(string Id, string Url, string EventType, bool Delivered, bool GaveUp, IReadOnlyList<DeliveryAttempt> Attempts);
