namespace BareMetal.Provisioning.Webhooks;

/// <summary>One event to deliver to one endpoint.</summary>
/// <param name="Endpoint">Where to.</param>
/// <param name="EventType">The event type.</param>
/// <param name="Payload">The body (JSON), the same on every attempt.</param>
/// <param name="OperationId">The operation the event is about, whose record gets every attempt; null for node events.</param>
[GenerateSerializer, Alias("baremetal.WebhookDeliveryRequest")]
public sealed record WebhookDeliveryRequest([property: Id(0)] WebhookEndpoint Endpoint, [property: Id(1)] string EventType, [property: Id(2)] string Payload, [property: Id(3)] string? OperationId);
