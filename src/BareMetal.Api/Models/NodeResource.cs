using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;

namespace BareMetal.Api.Models;

/// <summary>A node as the API shows it: its record, states, and the operations running or queued on it.</summary>
public sealed record NodeResource
{
    /// <summary>The node id (a UUID).</summary>
    public required string Id { get; init; }

    /// <summary>The node's unique name.</summary>
    public required string Name { get; init; }

    /// <summary>The hardware driver.</summary>
    public required string Driver { get; init; }

    /// <summary>How the driver reaches the node; secrets read as "******".</summary>
    public required IReadOnlyDictionary<string, string> DriverInfo { get; init; }

    /// <summary>Hardware properties.</summary>
    public required IReadOnlyDictionary<string, string> Properties { get; init; }

    /// <summary>The resource class.</summary>
    public string? ResourceClass { get; init; }

    /// <summary>The traits.</summary>
    public required IReadOnlyList<string> Traits { get; init; }

    /// <summary>The owner.</summary>
    public string? Owner { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>Operator metadata.</summary>
    public required IReadOnlyDictionary<string, string> Extra { get; init; }

    /// <summary>The provision state (Ironic name).</summary>
    public required ProvisionState ProvisionState { get; init; }

    /// <summary>The stable state the node is heading to; null when stable.</summary>
    public ProvisionState? TargetProvisionState { get; init; }

    /// <summary>The power state (Ironic name; null when unknown).</summary>
    public required PowerState PowerState { get; init; }

    /// <summary>The power state a running power action is heading to.</summary>
    public PowerState? TargetPowerState { get; init; }

    /// <summary>Whether the node is in maintenance.</summary>
    public required bool Maintenance { get; init; }

    /// <summary>Why the node is in maintenance.</summary>
    public string? MaintenanceReason { get; init; }

    /// <summary>The error of the last failed step.</summary>
    public string? LastError { get; init; }

    /// <summary>When it was enrolled.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the provision state last changed.</summary>
    public DateTimeOffset? ProvisionUpdatedAt { get; init; }

    /// <summary>A counter bumped by every change.</summary>
    public required long Version { get; init; }

    /// <summary>The operations running or queued on the node, the running one first.</summary>
    public required IReadOnlyList<OperationView> PendingOperations { get; init; }

    /// <summary>The resource for <paramref name="view"/> and its pending operations.</summary>
    public static NodeResource From(NodeView view, IReadOnlyList<OperationView> pending)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new NodeResource
        {
            Id = view.Id,
            Name = view.Name,
            Driver = view.Driver,
            DriverInfo = NodeSecrets.Masked(view.DriverInfo),
            Properties = view.Properties,
            ResourceClass = view.ResourceClass,
            Traits = view.Traits,
            Owner = view.Owner,
            Description = view.Description,
            Extra = view.Extra,
            ProvisionState = view.ProvisionState,
            TargetProvisionState = view.TargetProvisionState,
            PowerState = view.PowerState,
            TargetPowerState = view.TargetPowerState,
            Maintenance = view.Maintenance,
            MaintenanceReason = view.MaintenanceReason,
            LastError = view.LastError,
            CreatedAt = view.CreatedAt,
            UpdatedAt = view.UpdatedAt,
            ProvisionUpdatedAt = view.ProvisionUpdatedAt,
            Version = view.Version,
            PendingOperations = pending.Select(OperationResources.Masked).ToList(),
        };
    }
}
