namespace BareMetal.Contracts.Diagnostics;

/// <summary>The cluster as the dashboard shows it.</summary>
/// <param name="At">When the figures were assembled.</param>
/// <param name="Silos">Every silo in the membership table (dead ones included) and every silo that reported, by address.</param>
/// <param name="Events">Recent membership events, newest first.</param>
/// <param name="CallsPerSecond">Grain calls per second over all reporting silos.</param>
/// <param name="FailedCallsPerSecond">Failed or refused grain calls per second.</param>
/// <param name="QueuedRequests">Requests waiting in activation queues over all silos.</param>
/// <param name="OperationsFinishedPerSecond">Operations reaching each terminal status per second.</param>
public sealed record ClusterStatistics(
    DateTimeOffset At,
    IReadOnlyList<SiloStatisticsView> Silos,
    IReadOnlyList<MembershipEvent> Events,
    double CallsPerSecond,
    double FailedCallsPerSecond,
    int QueuedRequests,
    IReadOnlyDictionary<string, double> OperationsFinishedPerSecond)
{
    /// <summary>The key of the single <see cref="IClusterStatisticsGrain"/>.</summary>
    public const string GrainKey = "cluster";
}
