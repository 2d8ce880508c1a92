namespace BareMetal.Contracts.Operations;

/// <summary>The answer to a cancellation request.</summary>
/// <param name="Accepted">Whether the operation is cancelled or will stop.</param>
/// <param name="Status">The operation's status after the request.</param>
/// <param name="Reason">What happened, or why it cannot be cancelled now.</param>
[GenerateSerializer, Alias("baremetal.CancelOutcome")]
public sealed record CancelOutcome([property: Id(0)] bool Accepted, [property: Id(1)] OperationStatus Status, [property: Id(2)] string Reason);
