namespace BareMetal.Contracts.Operations;

/// <summary>
/// What a running operation is doing now, recorded in one write: its progress and whether the step in flight can be
/// interrupted. Used by the node when an operation starts or moves to its next step.
/// </summary>
/// <param name="Progress">Step number, step count and what the step does.</param>
/// <param name="Cancellable">Whether the step in flight can be interrupted.</param>
/// <param name="NotCancellableReason">Why it cannot, when it cannot.</param>
[GenerateSerializer, Alias("baremetal.OperationStepUpdate")]
public sealed record OperationStepUpdate([property: Id(0)] OperationProgress Progress, [property: Id(1)] bool Cancellable, [property: Id(2)] string? NotCancellableReason);
