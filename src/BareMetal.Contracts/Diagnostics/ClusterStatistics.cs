namespace BareMetal.Contracts.Diagnostics;

/// <summary>The cluster as the dashboard shows it.</summary>
/// <param name="At">When the figures were assembled.</param>
/// <param name="Silos">Every silo in the membership table (dead ones included) and every silo that reported, by address.</param>
/// <param name="Events">Recent membership events, newest first.</param>
/// <param name="CallsPerSecond">Grain calls per second over all reporting silos.</param>
/// <param name="FailedCallsPerSecond">Failed or refused grain calls per second.</param>
/// <param name="QueuedRequests">Requests waiting in activation queues over all silos.</param>
/// <param name="OperationsFinishedPerSecond">Operations reaching each terminal status per second.</param>
[GenerateSerializer, Alias("baremetal.ClusterStatistics")]
public sealed record ClusterStatistics(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] IReadOnlyList<SiloStatisticsView> Silos,
    [property: Id(2)] IReadOnlyList<MembershipEvent> Events,
    [property: Id(3)] double CallsPerSecond,
    [property: Id(4)] double FailedCallsPerSecond,
    [property: Id(5)] int QueuedRequests,
    [property: Id(6)] IReadOnlyDictionary<string, double> OperationsFinishedPerSecond)
{
    /// <summary>The key of the single <see cref="IClusterStatisticsGrain"/>.</summary>
    public const string GrainKey = "cluster";
}
