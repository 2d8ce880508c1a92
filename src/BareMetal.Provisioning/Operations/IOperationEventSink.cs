using BareMetal.Contracts.Operations;
using BareMetal.Contracts.Webhooks;

namespace BareMetal.Provisioning.Operations;

/// <summary>
/// Told when an operation reaches its terminal status (the webhook deliveries hang off this). Two phases make the
/// notification durable: <see cref="Prepare"/> runs BEFORE the terminal status is written and must leave durable
/// work behind (a delivery that finishes by itself even if nothing else is called); <see cref="Dispatch"/> runs
/// after the write and only makes it start at once.
/// </summary>
public interface IOperationEventSink
{
    /// <summary>Durably prepares the notifications of <paramref name="terminal"/>; returns handles for <see cref="Dispatch"/>.</summary>
    Task<IReadOnlyList<string>> Prepare(OperationView terminal, WebhookTarget? callback);

    /// <summary>Starts the prepared notifications now (they start by themselves later when this is lost).</summary>
    Task Dispatch(IReadOnlyList<string> prepared);
}
