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
[GenerateSerializer, Alias("baremetal.SiloReport")]
public sealed record SiloReport(
    [property: Id(0)] string Silo,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] DateTimeOffset SampledAt,
    [property: Id(4)] int Activations,
    [property: Id(5)] int QueuedRequests,
    [property: Id(6)] long CallsTotal,
    [property: Id(7)] long FailedCallsTotal,
    [property: Id(8)] double ProcessorSeconds,
    [property: Id(9)] int ProcessorCount,
    [property: Id(10)] long WorkingSetBytes,
    [property: Id(11)] long ManagedHeapBytes,
    [property: Id(12)] IReadOnlyDictionary<string, long> OperationsFinished,
    [property: Id(13)] IReadOnlyList<SiloMember> Members,
    [property: Id(14)] IReadOnlyList<MembershipEvent> Events);
