using BareMetal.Contracts.Operations;

namespace BareMetal.Contracts.Nodes;

/// <summary>
/// An accepted action and the node as it stands right after accepting it (its transient state and target), read in
/// the same turn: what an API answers with a 202, without a second call to the node.
/// </summary>
/// <param name="Operation">The operation: running when nothing else was pending, queued otherwise.</param>
/// <param name="Node">The node after the action was accepted.</param>
[GenerateSerializer, Immutable, Alias("baremetal.NodeActionAccepted")]
public sealed record NodeActionAccepted([property: Id(0)] OperationView Operation, [property: Id(1)] NodeView Node);
