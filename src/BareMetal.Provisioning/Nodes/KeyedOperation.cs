using BareMetal.Contracts.Operations;

namespace BareMetal.Provisioning.Nodes;

/// <summary>
/// An operation the node accepted under a client's idempotency key, remembered after it ends: a retry of that request
/// (its first answer lost with a silo) gets the same operation, never a second one.
/// </summary>
/// <param name="Key">The client's idempotency key.</param>
/// <param name="Action">The action requested under it.</param>
/// <param name="OperationId">The operation created for it.</param>
/// <param name="AcceptedAt">When the node accepted it.</param>
public sealed record KeyedOperation(string Key, OperationAction Action, string OperationId, DateTimeOffset AcceptedAt);
