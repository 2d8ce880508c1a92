using System.Text.Json;

namespace BareMetal.Samples.WebhookReceiver;

/// <summary>A verified delivery: the envelope BareMetal posts ({id, type, created_at, data}).</summary>
/// <param name="Id">The delivery id (also the BareMetal-Delivery header; the same on every retry).</param>
/// <param name="Type">The event type, such as operation.succeeded.</param>
/// <param name="CreatedAt">When the event happened (the operation's end, the node's change), however late it arrives.</param>
/// <param name="Data">The event's data (the operation, or the node change).</param>
public sealed record WebhookDelivery(string Id, string Type, DateTimeOffset CreatedAt, JsonElement Data);
