using BareMetal.Runtime.Serialization;

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
[Immutable]
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

    /// <summary>How the driver reaches the node, secrets shown as <see cref="NodeSecrets.Mask"/>.</summary>
    public IReadOnlyDictionary<string, string> DriverInfo { get; init; } = new Dictionary<string, string>();

    /// <summary>Hardware properties.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>The resource class, if set.</summary>
    public string? ResourceClass { get; init; }

    /// <summary>The traits.</summary>
    public IReadOnlyList<string> Traits { get; init; } = [];

    /// <summary>The owner, if set.</summary>
    public string? Owner { get; init; }

    /// <summary>Free text for operators.</summary>
    public string? Description { get; init; }

    /// <summary>Operator metadata.</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    /// <summary>The power state a running power action is heading to; null when none is running.</summary>
    public PowerState? TargetPowerState { get; init; }

    /// <summary>When the provision state last changed.</summary>
    public DateTimeOffset? ProvisionUpdatedAt { get; init; }

    /// <summary>A counter bumped by every change of the node (for change feeds and ETags).</summary>
    public long Version { get; init; }
}
