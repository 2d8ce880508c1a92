using BareMetal.Runtime.Serialization;

namespace BareMetal.Contracts.Operations;

/// <summary>A snapshot of one operation as clients see it.</summary>
/// <param name="Id">The operation id (op-...).</param>
/// <param name="NodeId">The node the action targets.</param>
/// <param name="Action">What the operation does.</param>
/// <param name="Parameters">The action's arguments.</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="Progress">Step n of m and what the step does.</param>
/// <param name="Result">The result of a succeeded operation.</param>
/// <param name="Error">Why it failed, timed out or was cancelled.</param>
/// <param name="CreatedAt">When it was queued.</param>
/// <param name="StartedAt">When a worker started it.</param>
/// <param name="EndedAt">When it reached its terminal status.</param>
/// <param name="TraceId">The trace of the request that created it.</param>
/// <param name="RequestedBy">Who asked.</param>
/// <param name="IdempotencyKey">The client's idempotency key.</param>
/// <param name="Cancellable">Whether <c>Cancel</c> would be accepted now.</param>
/// <param name="NotCancellableReason">Why it cannot be cancelled now, when it cannot.</param>
/// <param name="CancellationRequested">Whether a cancellation was accepted and the running step is stopping.</param>
/// <param name="DeliveryAttempts">Completion notifications attempted, oldest first.</param>
[Immutable]
public sealed record OperationView(
    string Id,
    string NodeId,
    OperationAction Action,
    IReadOnlyDictionary<string, string> Parameters,
    OperationStatus Status,
    OperationProgress Progress,
    string? Result,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    string? TraceId,
    string? RequestedBy,
    string? IdempotencyKey,
    bool Cancellable,
    string? NotCancellableReason,
    bool CancellationRequested,
    IReadOnlyList<DeliveryAttempt> DeliveryAttempts)
{
    /// <summary>A counter bumped by every change of the operation (for long-polls and change feeds).</summary>
    public long Version { get; init; }

    /// <summary>The URL told when the operation ends (its secret is never shown); null when none.</summary>
    public string? CallbackUrl { get; init; }
}
