namespace BareMetal.Contracts.Diagnostics;

/// <summary>What one silo tells <see cref="IClusterStatisticsGrain"/>: totals (rates are computed between reports).</summary>
/// <param name="Silo">The silo's address ("host:port@generation", or "local" without clustering).</param>
/// <param name="Name">The silo's name.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="SampledAt">When these figures were read.</param>
/// <param name="Activations">Live activations.</param>
/// <param name="QueuedRequests">Requests waiting in activation queues.</param>
/// <param name="CallsTotal">Grain calls sent since start.</param>
/// <param name="FailedCallsTotal">Grain calls failed or refused since start.</param>
/// <param name="ProcessorSeconds">CPU seconds used by the process since start.</param>
/// <param name="ProcessorCount">Logical processors of the process.</param>
/// <param name="WorkingSetBytes">Resident memory.</param>
/// <param name="ManagedHeapBytes">Managed heap.</param>
/// <param name="OperationsFinished">Operations finished in the process since start, by status.</param>
/// <param name="Members">The silo's view of the membership table.</param>
/// <param name="Events">The latest membership changes the silo saw, oldest first.</param>
public sealed record SiloReport(
    string Silo,
    string Name,
    DateTimeOffset StartedAt,
    DateTimeOffset SampledAt,
    int Activations,
    int QueuedRequests,
    long CallsTotal,
    long FailedCallsTotal,
    double ProcessorSeconds,
    int ProcessorCount,
    long WorkingSetBytes,
    long ManagedHeapBytes,
    IReadOnlyDictionary<string, long> OperationsFinished,
    IReadOnlyList<SiloMember> Members,
    IReadOnlyList<MembershipEvent> Events);
