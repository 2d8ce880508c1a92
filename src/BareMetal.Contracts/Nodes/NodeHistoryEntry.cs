namespace BareMetal.Contracts.Nodes;

/// <summary>One event in a node's history (enrolled, requested, queued, transition, step, operation end).</summary>
/// <param name="At">When it happened.</param>
/// <param name="Event">What kind of event ("enrolled", "requested", "queued", "transition", "step", "succeeded", "failed").</param>
/// <param name="Message">What happened, readable.</param>
/// <param name="From">The provision state before, for transitions.</param>
/// <param name="To">The provision state after, for transitions.</param>
/// <param name="OperationId">The operation the event belongs to, if any.</param>
public sealed record NodeHistoryEntry(
    DateTimeOffset At,
    string Event,
    string Message,
    ProvisionState? From = null,
    ProvisionState? To = null,
    string? OperationId = null)
{
    /// <summary>The W3C trace id of the request behind the operation, when it came with one.</summary>
    public string? TraceId { get; init; }
}
