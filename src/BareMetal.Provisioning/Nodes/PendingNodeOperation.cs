using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.Nodes;

/// <summary>An operation running or queued on a node.</summary>
/// <param name="OperationId">The operation grain's id.</param>
/// <param name="Verb">The verb it carries out.</param>
/// <param name="ExpectedState">The stable state the node reaches when it succeeds (later requests are validated against it).</param>
/// <param name="IdempotencyKey">The client's key.</param>
public sealed record PendingNodeOperation(string OperationId, ProvisionEvent Verb, ProvisionState ExpectedState, string? IdempotencyKey);
