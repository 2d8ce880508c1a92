using BareMetal.Contracts.Operations;

namespace BareMetal.Contracts.Nodes;

/// <summary>What a node knows of one operation: asked by an operation that has stayed unfinished for a while.</summary>
/// <param name="Standing">Whether the node knows it, and whether it ended.</param>
/// <param name="Status">How it ended, when the node still has that.</param>
/// <param name="Result">The result of a succeeded one.</param>
/// <param name="Error">Why it did not succeed.</param>
[GenerateSerializer, Immutable, Alias("baremetal.NodeOperationFate")]
public sealed record NodeOperationFate(
    [property: Id(0)] NodeOperationStanding Standing,
    [property: Id(1)] OperationStatus? Status = null,
    [property: Id(2)] string? Result = null,
    [property: Id(3)] string? Error = null);
