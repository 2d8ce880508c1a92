namespace BareMetal.Contracts.Operations;

/// <summary>The answer to a cancellation request.</summary>
/// <param name="Accepted">Whether the operation is cancelled or will stop.</param>
/// <param name="Status">The operation's status after the request.</param>
/// <param name="Reason">What happened, or why it cannot be cancelled now.</param>
public sealed record CancelOutcome(bool Accepted, OperationStatus Status, string Reason);
