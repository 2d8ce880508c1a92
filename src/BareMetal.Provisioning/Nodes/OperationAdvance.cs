using BareMetal.Contracts.Operations;

namespace BareMetal.Provisioning.Nodes;

/// <summary>
/// A step the node started for an operation, written with the node's state before the operation is told (the
/// operation's outbox, like <see cref="OperationCompletion"/>): a report turn never waits on the operation's grain, so
/// an unreachable operation cannot lose the report, and the advance is sent again until the operation acknowledges it
/// (advancing is idempotent on the operation's side).
/// </summary>
/// <param name="OperationId">The operation.</param>
/// <param name="Update">What the operation shows while the step runs.</param>
public sealed record OperationAdvance(string OperationId, OperationStepUpdate Update);
