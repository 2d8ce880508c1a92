using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;

namespace BareMetal.Client.Models;

/// <summary>The server's answer to an action: the operation and where the node is heading.</summary>
/// <param name="Operation">The operation (queued, running, or already finished for maintenance changes).</param>
/// <param name="NodeId">The node.</param>
/// <param name="ProvisionState">The node's provision state when the action was accepted.</param>
/// <param name="TargetProvisionState">The stable state the node is heading to; null when stable.</param>
/// <param name="PowerState">The node's power state when the action was accepted.</param>
/// <param name="TargetPowerState">The power state a power action is heading to.</param>
public sealed record ActionAccepted(
    OperationView Operation,
    string NodeId,
    ProvisionState ProvisionState,
    ProvisionState? TargetProvisionState,
    PowerState PowerState,
    PowerState? TargetPowerState);
