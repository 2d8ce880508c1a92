using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;

namespace BareMetal.Api.Models;

/// <summary>The 202 answer to an action: the operation and where the node is heading.</summary>
/// <param name="Operation">The operation (running, queued, or already finished for maintenance changes).</param>
/// <param name="NodeId">The node.</param>
/// <param name="ProvisionState">The node's provision state now.</param>
/// <param name="TargetProvisionState">The stable state the node is heading to; null when stable.</param>
/// <param name="PowerState">The node's power state now.</param>
/// <param name="TargetPowerState">The power state a power action is heading to.</param>
public sealed record ActionAccepted(
    OperationView Operation,
    string NodeId,
    ProvisionState ProvisionState,
    ProvisionState? TargetProvisionState,
    PowerState PowerState,
    PowerState? TargetPowerState);
