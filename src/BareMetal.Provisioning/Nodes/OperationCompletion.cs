using BareMetal.Contracts.Operations;

namespace BareMetal.Provisioning.Nodes;

/// <summary>
/// An operation's end, decided by the node and written with the node's state before the operation is told:
/// whoever sees the operation ended then also reads the node state that ended it, and a silo lost between the
/// two writes leaves the completion in the node's state to be sent again (completing is idempotent).
/// </summary>
/// <param name="OperationId">The operation.</param>
/// <param name="Status">Its terminal status.</param>
/// <param name="Result">The result of a succeeded operation.</param>
/// <param name="Error">Why it did not succeed.</param>
public sealed record OperationCompletion(string OperationId, OperationStatus Status, string? Result, string? Error);
