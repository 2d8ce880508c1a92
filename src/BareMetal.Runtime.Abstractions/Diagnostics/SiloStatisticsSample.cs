using BareMetal.Runtime.Cluster;

namespace BareMetal.Runtime.Diagnostics;

/// <summary>One reading of a silo's figures. Totals only grow; rates are differences between two samples.</summary>
/// <param name="Silo">The silo's address ("host:port@generation"), or "local" for a silo without clustering.</param>
/// <param name="SiloName">Its name.</param>
/// <param name="StartedAt">When the silo started.</param>
/// <param name="SampledAt">When this sample was taken.</param>
/// <param name="Activations">Live activations.</param>
/// <param name="QueuedRequests">Requests waiting in activation queues.</param>
/// <param name="CallsTotal">Grain calls sent since start.</param>
/// <param name="FailedCallsTotal">Grain calls that failed, timed out or were refused since start.</param>
/// <param name="ProcessorTime">CPU time used by the process since it started.</param>
/// <param name="ProcessorCount">Logical processors available to the process.</param>
/// <param name="WorkingSetBytes">The process's resident memory.</param>
/// <param name="ManagedHeapBytes">Memory held by the managed heap.</param>
/// <param name="Members">The silo's current view of the membership table (empty without clustering).</param>
/// <param name="RecentChanges">The latest status changes this silo saw, oldest first.</param>
public sealed record SiloStatisticsSample(
    string Silo,
    string SiloName,
    DateTimeOffset StartedAt,
    DateTimeOffset SampledAt,
    int Activations,
    int QueuedRequests,
    long CallsTotal,
    long FailedCallsTotal,
    TimeSpan ProcessorTime,
    int ProcessorCount,
    long WorkingSetBytes,
    long ManagedHeapBytes,
    IReadOnlyList<MembershipEntry> Members,
    IReadOnlyList<SiloStatusChange> RecentChanges);
