using System.Collections.Immutable;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.Nodes;

/// <summary>The durable state of one node; changed only with <c>with</c> and written after every change.</summary>
public sealed record NodeState
{
    // Fields added after the first stored rows: the generated JSON reader sets a member missing from a row to null,
    // so these read such a row as empty.
    private readonly ImmutableList<KeyedOperation> _keyedOperations = [];
    private readonly ImmutableList<OperationAdvance> _pendingAdvances = [];
    private readonly ImmutableList<PendingNodeEvent> _pendingEvents = [];

    /// <summary>Whether the node was enrolled.</summary>
    public bool Exists { get; init; }

    /// <summary>The name given at enrollment.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The hardware driver.</summary>
    public string Driver { get; init; } = string.Empty;

    /// <summary>How the driver reaches the node.</summary>
    public ImmutableDictionary<string, string> DriverInfo { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Hardware properties (given at enrollment or found by inspection).</summary>
    public ImmutableDictionary<string, string> Properties { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The resource class.</summary>
    public string? ResourceClass { get; init; }

    /// <summary>The traits, each once, in the order given.</summary>
    public ImmutableList<string> Traits { get; init; } = [];

    /// <summary>The owner.</summary>
    public string? Owner { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>Operator metadata.</summary>
    public ImmutableDictionary<string, string> Extra { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>What the next or current deployment uses (Ironic's instance_info); cleared by a tear down.</summary>
    public ImmutableDictionary<string, string> InstanceInfo { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The provision state.</summary>
    public ProvisionState ProvisionState { get; init; } = ProvisionState.Enroll;

    /// <summary>The stable state the node is heading to.</summary>
    public ProvisionState? TargetProvisionState { get; init; }

    /// <summary>Whether the cleaning in progress was asked for by an operator.</summary>
    public bool ManualClean { get; init; }

    /// <summary>The last known power state.</summary>
    public PowerState PowerState { get; init; } = PowerState.Unknown;

    /// <summary>The power state a running power action is heading to.</summary>
    public PowerState? TargetPowerState { get; init; }

    /// <summary>When the provision state last changed.</summary>
    public DateTimeOffset? ProvisionUpdatedAt { get; init; }

    /// <summary>
    /// Ids of the node's latest operations, newest first; older ones move to <see cref="NodeHistoryArchive.Operations"/>
    /// a batch at a time (together bounded by <see cref="NodeProvisioningOptions.RecentOperationsCapacity"/>).
    /// </summary>
    public ImmutableList<string> RecentOperations { get; init; } = [];

    /// <summary>
    /// The latest operations accepted under an idempotency key, oldest first (at most
    /// <see cref="NodeGrain.KeyedOperationsCapacity"/>, each for <see cref="NodeGrain.KeyedOperationMemory"/>).
    /// </summary>
    public ImmutableList<KeyedOperation> KeyedOperations { get => _keyedOperations; init => _keyedOperations = value ?? []; }

    /// <summary>Whether the node is in maintenance.</summary>
    public bool Maintenance { get; init; }

    /// <summary>Why the node is in maintenance, when it is.</summary>
    public string? MaintenanceReason { get; init; }

    /// <summary>
    /// Why the node put itself in maintenance (Ironic's fault): <see cref="NodeGrain.PowerFailureFault"/> after too many
    /// failed power syncs. Cleared when the node recovers by itself or an operator changes maintenance.
    /// </summary>
    public string? Fault { get; init; }

    /// <summary>Whether the "power-sync" reminder was registered (once, when the node first leaves enroll and verifying).</summary>
    public bool PowerSyncArmed { get; init; }

    /// <summary>Whether the "step-watch" reminder was registered (once, with the node's first step).</summary>
    public bool StepWatchArmed { get; init; }

    /// <summary>Consecutive failed power-sync calls; reset by a successful one.</summary>
    public int PowerSyncFailures { get; init; }

    /// <summary>The error of the last failed step.</summary>
    public string? LastError { get; init; }

    /// <summary>Pending operations, the running one first.</summary>
    public ImmutableList<PendingNodeOperation> Queue { get; init; } = [];

    /// <summary>The hardware step in flight for the running operation, if any.</summary>
    public NodeStep? Step { get; init; }

    /// <summary>
    /// The journal of steps that are not idempotent, oldest first, bounded to the last
    /// <see cref="NodeGrain.JournalCapacity"/> entries (see <see cref="NodeJournalEntry"/>).
    /// </summary>
    public ImmutableList<NodeJournalEntry> Journal { get; init; } = [];

    /// <summary>The newest events, oldest first; older ones are in <see cref="NodeHistoryPage"/>s (see <c>NodeGrain.History</c>).</summary>
    public ImmutableList<NodeHistoryEntry> History { get; init; } = [];

    /// <summary>How many history pages the node has written: the next page's number.</summary>
    public long HistoryPages { get; init; }

    /// <summary>Operation ends written with this state and not yet confirmed by their operation grains.</summary>
    public ImmutableList<OperationCompletion> PendingCompletions { get; init; } = [];

    /// <summary>
    /// Steps started, written with this state and not yet acknowledged by their operation grains, oldest first;
    /// sent before the completions of the same operation.
    /// </summary>
    public ImmutableList<OperationAdvance> PendingAdvances { get => _pendingAdvances; init => _pendingAdvances = value ?? []; }

    /// <summary>
    /// Node events written with this state and not yet taken by the event sinks, oldest first (at most
    /// <see cref="NodeGrain.PendingEventsCapacity"/>).
    /// </summary>
    public ImmutableList<PendingNodeEvent> PendingEvents { get => _pendingEvents; init => _pendingEvents = value ?? []; }

    /// <summary>Bumped by every write (the view's version).</summary>
    public long Version { get; init; }

    /// <summary>When the node was enrolled.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the node last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
