
namespace BareMetal.Contracts.Operations;

/// <summary>
/// One operation on one node (keyed by its operation id, see <c>OperationIds</c>): the request, its
/// status, progress, result, and the completion notifications sent about it. Every method checks that
/// the current status allows it and throws <see cref="OperationStateException"/> naming the status otherwise.
/// </summary>
[Alias("baremetal.IOperationGrain")]
public interface IOperationGrain : IGrainWithStringKey
{
    /// <summary>
    /// Queues the operation. Calling again with the same body returns the existing view unchanged; a
    /// different body (or another idempotency key) throws <see cref="OperationConflictException"/>.
    /// </summary>
    [Alias("Create")]
    Task<OperationView> Create(OperationRequest request);

    /// <summary>The current view; throws <see cref="OperationStateException"/> when the operation was never created.</summary>
    [ReadOnly]
    [Alias("Get")]
    Task<OperationView> Get();

    /// <summary>
    /// Long-poll: the view as soon as its <see cref="OperationView.Version"/> exceeds <paramref name="afterVersion"/>
    /// (at once when it already does), or the unchanged view when <paramref name="timeout"/> passes first.
    /// </summary>
    [AlwaysInterleave]
    [Alias("WaitForChange")]
    Task<OperationView> WaitForChange(long afterVersion, TimeSpan timeout);

    /// <summary>
    /// Creates the operation already running (an operation that starts as soon as it is accepted), with its progress
    /// and cancellability, in one write. Calling again with the same body returns the existing view unchanged; a
    /// different body (or another idempotency key) throws <see cref="OperationConflictException"/>.
    /// </summary>
    [Alias("CreateRunning")]
    Task<OperationView> CreateRunning(OperationRequest request, OperationStepUpdate step);

    /// <summary>
    /// Records the step a queued or running operation is on, and whether it can be interrupted, in one write: a queued
    /// operation starts running. Replaces <see cref="MarkRunning"/>, <see cref="ReportProgress"/> and
    /// <see cref="SetCancellable"/> called one after the other.
    /// </summary>
    [Alias("Advance")]
    Task<OperationView> Advance(OperationStepUpdate step);

    /// <summary>
    /// Publishes the operation's view to the operation index again and, when it is unfinished and old enough, asks its
    /// node where it stands: what the index calls for an operation it has listed as unfinished for a long time.
    /// </summary>
    [Alias("Reconcile")]
    Task Reconcile();

    /// <summary>Queued → running with <paramref name="stepCount"/> steps; a no-op when already running.</summary>
    [Alias("MarkRunning")]
    Task<OperationView> MarkRunning(int stepCount, string? message);

    /// <summary>Records step <paramref name="stepNumber"/> of a running operation.</summary>
    [Alias("ReportProgress")]
    Task<OperationView> ReportProgress(int stepNumber, string message);

    /// <summary>
    /// Ends the operation with a terminal status (a queued one may fail, time out or be cancelled, not
    /// succeed); a no-op when it already has that status.
    /// </summary>
    [Alias("Complete")]
    Task<OperationView> Complete(OperationStatus terminalStatus, string? result, string? error);

    /// <summary>
    /// Cancels. An unfinished operation in its node's queue is cancelled by its node (<c>INodeGrain.Cancel</c>), the
    /// decision the API makes: a queued one leaves the queue, a running one stops when its step can be interrupted.
    /// An operation in no node's queue: a queued one at once, a running one when its current step allows it (it stays
    /// running until the worker completes it as cancelled). Otherwise not accepted, with the reason.
    /// </summary>
    [Alias("Cancel")]
    Task<CancelOutcome> Cancel(string? reason);

    /// <summary>Whether the running step can be interrupted, and why not when it cannot.</summary>
    [Alias("SetCancellable")]
    Task SetCancellable(bool cancellable, string? whyNot);

    /// <summary>Records one attempt to notify a subscriber of the terminal status.</summary>
    [Alias("RecordDelivery")]
    Task RecordDelivery(DeliveryAttempt attempt);
}
