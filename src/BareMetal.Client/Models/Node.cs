using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;

namespace BareMetal.Client.Models;

/// <summary>A node as the API shows it: its record, its states, and the operations running or queued on it.</summary>
public sealed record Node
{
    /// <summary>The node id (a UUID).</summary>
    public required string Id { get; init; }

    /// <summary>The node's unique name.</summary>
    public required string Name { get; init; }

    /// <summary>The hardware driver.</summary>
    public required string Driver { get; init; }

    /// <summary>How the driver reaches the node; secrets read as "******".</summary>
    public IReadOnlyDictionary<string, string> DriverInfo { get; init; } = new Dictionary<string, string>();

    /// <summary>Hardware properties.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>The resource class.</summary>
    public string? ResourceClass { get; init; }

    /// <summary>The traits.</summary>
    public IReadOnlyList<string> Traits { get; init; } = [];

    /// <summary>The owner.</summary>
    public string? Owner { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>Operator metadata.</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    /// <summary>The provision state.</summary>
    public ProvisionState ProvisionState { get; init; }

    /// <summary>The stable state the node is heading to; null when stable.</summary>
    public ProvisionState? TargetProvisionState { get; init; }

    /// <summary>The power state (<see cref="PowerState.Unknown"/> when never read).</summary>
    public PowerState PowerState { get; init; }

    /// <summary>The power state a running power action is heading to.</summary>
    public PowerState? TargetPowerState { get; init; }

    /// <summary>Whether the node is in maintenance.</summary>
    public bool Maintenance { get; init; }

    /// <summary>Why the node is in maintenance.</summary>
    public string? MaintenanceReason { get; init; }

    /// <summary>The error of the last failed step.</summary>
    public string? LastError { get; init; }

    /// <summary>When it was enrolled.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the provision state last changed.</summary>
    public DateTimeOffset? ProvisionUpdatedAt { get; init; }

    /// <summary>A counter bumped by every change.</summary>
    public long Version { get; init; }

    /// <summary>The operations running or queued on the node, the running one first.</summary>
    public IReadOnlyList<OperationView> PendingOperations { get; init; } = [];
}
