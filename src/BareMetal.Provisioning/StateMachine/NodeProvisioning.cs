using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.StateMachine;

/// <summary>
/// Where a node stands in the provision state machine: its state, the stable state it is heading to
/// (null when stable), and whether the cleaning in progress was asked for by an operator (manual
/// cleaning returns to manageable, automated cleaning to available).
/// </summary>
public readonly record struct NodeProvisioning(ProvisionState State, ProvisionState? Target, bool ManualClean = false)
{
    /// <summary>A node just enrolled.</summary>
    public static NodeProvisioning Enrolled => new(ProvisionState.Enroll, null);
}
