
namespace BareMetal.Contracts.Operations;

/// <summary>A snapshot of one operation as clients see it.</summary>
/// <remarks>
/// Immutable: a view is built once from the operation's state and nobody changes it, so grain calls pass it by
/// reference instead of copying it (every operation change sends one to the index; every action returns one). Never
/// cast its collections to change them.
/// </remarks>
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
[GenerateSerializer, Immutable, Alias("baremetal.OperationView")]
public sealed record OperationView(
    [property: Id(0)] string Id,
    [property: Id(1)] string NodeId,
    [property: Id(2)] OperationAction Action,
    [property: Id(3)] IReadOnlyDictionary<string, string> Parameters,
    [property: Id(4)] OperationStatus Status,
    [property: Id(5)] OperationProgress Progress,
    [property: Id(6)] string? Result,
    [property: Id(7)] string? Error,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset? StartedAt,
    [property: Id(10)] DateTimeOffset? EndedAt,
    [property: Id(11)] string? TraceId,
    [property: Id(12)] string? RequestedBy,
    [property: Id(13)] string? IdempotencyKey,
    [property: Id(14)] bool Cancellable,
    [property: Id(15)] string? NotCancellableReason,
    [property: Id(16)] bool CancellationRequested,
    [property: Id(17)] IReadOnlyList<DeliveryAttempt> DeliveryAttempts)
{
    /// <summary>A counter bumped by every change of the operation (for long-polls and change feeds).</summary>
    [Id(18)]
    public long Version { get; init; }

    /// <summary>The URL told when the operation ends (its secret is never shown); null when none.</summary>
    [Id(19)]
    public string? CallbackUrl { get; init; }
}
