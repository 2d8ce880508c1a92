namespace BareMetal.Runtime.Diagnostics;

/// <summary>
/// The local silo's own figures, read on demand (nothing is computed until <see cref="Sample"/> is called), for
/// dashboards that show the cluster.
/// </summary>
public interface ISiloStatistics
{
    /// <summary>The silo's counters and membership view as of now.</summary>
    SiloStatisticsSample Sample();
}
