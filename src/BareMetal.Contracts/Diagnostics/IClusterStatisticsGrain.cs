
namespace BareMetal.Contracts.Diagnostics;

/// <summary>
/// The cluster's figures for dashboards (one grain, key <see cref="ClusterStatistics.GrainKey"/>). Silos report to it only while someone
/// watches: an unwatched cluster sends nothing but one long-poll per silo.
/// </summary>
[Alias("baremetal.IClusterStatisticsGrain")]
public interface IClusterStatisticsGrain : IGrainWithStringKey
{
    /// <summary>A silo's latest figures; answers whether someone is still watching (keep reporting).</summary>
    [Alias("Report")]
    Task<bool> Report(SiloReport report);

    /// <summary>Long-poll: completes with true as soon as someone watches, or false after <paramref name="wait"/>.</summary>
    [AlwaysInterleave]
    [Alias("WaitForWatchers")]
    [ResponseTimeout("00:01:00")]
    Task<bool> WaitForWatchers(TimeSpan wait);

    /// <summary>The latest figures of every silo and the recent membership events; marks the cluster as watched.</summary>
    [Alias("Watch")]
    Task<ClusterStatistics> Watch();
}
