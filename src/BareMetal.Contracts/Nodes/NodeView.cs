namespace BareMetal.Contracts.Nodes;

/// <summary>A snapshot of one node as clients see it.</summary>
/// <param name="Id">The node id (the grain key).</param>
/// <param name="Name">The name given at enrollment.</param>
/// <param name="Driver">The hardware driver.</param>
/// <param name="ProvisionState">Where the node stands in the provision state machine.</param>
/// <param name="TargetProvisionState">The stable state it is heading to; null when stable.</param>
/// <param name="PowerState">The last known power state.</param>
/// <param name="Maintenance">Whether the node is in maintenance.</param>
/// <param name="LastError">The error of the last failed step; cleared when a new operation starts.</param>
/// <param name="PendingOperationIds">Operations running or queued on the node, the running one first.</param>
/// <param name="CreatedAt">When it was enrolled.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record NodeView(
    string Id,
    string Name,
    string Driver,
    ProvisionState ProvisionState,
    ProvisionState? TargetProvisionState,
    PowerState PowerState,
    bool Maintenance,
    string? LastError,
    IReadOnlyList<string> PendingOperationIds,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Why the node is in maintenance (for example "power failure: ..."); null when it is not.</summary>
    public string? MaintenanceReason { get; init; }
}
