namespace BareMetal.Provisioning.Webhooks;

/// <summary>One event to deliver to one endpoint.</summary>
/// <param name="Endpoint">Where to.</param>
/// <param name="EventType">The event type.</param>
/// <param name="Payload">The body (JSON), the same on every attempt.</param>
/// <param name="OperationId">The operation the event is about, whose record gets every attempt; null for node events.</param>
public sealed record WebhookDeliveryRequest(WebhookEndpoint Endpoint, string EventType, string Payload, string? OperationId);
