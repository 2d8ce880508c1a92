using BareMetal.Contracts.Operations;

namespace BareMetal.Provisioning.Nodes;

/// <summary>An operation the node accepted in the current turn and has not created yet.</summary>
/// <param name="OperationId">The operation's id (its grain key).</param>
/// <param name="Request">What it was asked to do.</param>
internal sealed record OperationCreation(string OperationId, OperationRequest Request);
