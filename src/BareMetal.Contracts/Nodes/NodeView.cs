
namespace BareMetal.Contracts.Nodes;

/// <summary>A snapshot of one node as clients see it.</summary>
/// <remarks>
/// Immutable: a view is built once from the node's state (its collections new or immutable) and nobody changes it, so
/// grain calls pass it by reference instead of copying it (a node view crosses several calls per node change: the
/// index, the gateway's reads). Never cast its collections to change them.
/// </remarks>
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
[GenerateSerializer, Immutable, Alias("baremetal.NodeView")]
public sealed record NodeView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Driver,
    [property: Id(3)] ProvisionState ProvisionState,
    [property: Id(4)] ProvisionState? TargetProvisionState,
    [property: Id(5)] PowerState PowerState,
    [property: Id(6)] bool Maintenance,
    [property: Id(7)] string? LastError,
    [property: Id(8)] IReadOnlyList<string> PendingOperationIds,
    [property: Id(9)] DateTimeOffset CreatedAt,
    [property: Id(10)] DateTimeOffset UpdatedAt)
{
    /// <summary>Why the node is in maintenance (for example "power failure: ..."); null when it is not.</summary>
    [Id(11)]
    public string? MaintenanceReason { get; init; }

    /// <summary>How the driver reaches the node, secrets shown as <see cref="NodeSecrets.Mask"/>.</summary>
    [Id(12)]
    public IReadOnlyDictionary<string, string> DriverInfo { get; init; } = new Dictionary<string, string>();

    /// <summary>Hardware properties.</summary>
    [Id(13)]
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>The resource class, if set.</summary>
    [Id(14)]
    public string? ResourceClass { get; init; }

    /// <summary>The traits.</summary>
    [Id(15)]
    public IReadOnlyList<string> Traits { get; init; } = [];

    /// <summary>The owner, if set.</summary>
    [Id(16)]
    public string? Owner { get; init; }

    /// <summary>Free text for operators.</summary>
    [Id(17)]
    public string? Description { get; init; }

    /// <summary>Operator metadata.</summary>
    [Id(18)]
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// What the next or current deployment uses (Ironic's instance_info), e.g. <c>image_source</c>; cleared when the
    /// node is torn down.
    /// </summary>
    [Id(19)]
    public IReadOnlyDictionary<string, string> InstanceInfo { get; init; } = new Dictionary<string, string>();

    /// <summary>The power state a running power action is heading to; null when none is running.</summary>
    [Id(20)]
    public PowerState? TargetPowerState { get; init; }

    /// <summary>When the provision state last changed.</summary>
    [Id(21)]
    public DateTimeOffset? ProvisionUpdatedAt { get; init; }

    /// <summary>A counter bumped by every change of the node (for change feeds and ETags).</summary>
    [Id(22)]
    public long Version { get; init; }
}
