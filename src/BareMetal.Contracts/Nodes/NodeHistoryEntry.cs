namespace BareMetal.Contracts.Nodes;

/// <summary>One event in a node's history (enrolled, requested, queued, transition, step, operation end).</summary>
/// <param name="At">When it happened.</param>
/// <param name="Event">What kind of event ("enrolled", "requested", "queued", "transition", "step", "succeeded", "failed").</param>
/// <param name="Message">What happened, readable.</param>
/// <param name="From">The provision state before, for transitions.</param>
/// <param name="To">The provision state after, for transitions.</param>
/// <param name="OperationId">The operation the event belongs to, if any.</param>
[GenerateSerializer, Alias("baremetal.NodeHistoryEntry")]
public sealed record NodeHistoryEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Event,
    [property: Id(2)] string Message,
    [property: Id(3)] ProvisionState? From = null,
    [property: Id(4)] ProvisionState? To = null,
    [property: Id(5)] string? OperationId = null)
{
    /// <summary>The W3C trace id of the request behind the operation, when it came with one.</summary>
    [Id(6)]
    public string? TraceId { get; init; }
}
