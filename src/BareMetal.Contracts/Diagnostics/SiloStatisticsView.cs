namespace BareMetal.Contracts.Diagnostics;

/// <summary>One silo on the dashboard.</summary>
/// <param name="Silo">Its address.</param>
/// <param name="Name">Its name.</param>
/// <param name="Status">joining, active, shutting_down, dead; or for a silo without clustering active / silent.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="UptimeSeconds">Seconds since it started (up to its last report when it is dead).</param>
/// <param name="Reporting">Whether it reported within the last few seconds.</param>
/// <param name="Activations">Live activations at its last report.</param>
/// <param name="QueuedRequests">Queued requests at its last report.</param>
/// <param name="CallsPerSecond">Grain calls per second between its last two reports.</param>
/// <param name="CpuPercent">Process CPU use between its last two reports, in percent of all its processors.</param>
/// <param name="WorkingSetBytes">Resident memory at its last report.</param>
/// <param name="ManagedHeapBytes">Managed heap at its last report.</param>
/// <param name="LastReportAt">When it last reported; null when it never did.</param>
[GenerateSerializer, Alias("baremetal.SiloStatisticsView")]
public sealed record SiloStatisticsView(
    [property: Id(0)] string Silo,
    [property: Id(1)] string Name,
    [property: Id(2)] string Status,
    [property: Id(3)] DateTimeOffset StartedAt,
    [property: Id(4)] double UptimeSeconds,
    [property: Id(5)] bool Reporting,
    [property: Id(6)] int Activations,
    [property: Id(7)] int QueuedRequests,
    [property: Id(8)] double CallsPerSecond,
    [property: Id(9)] double CpuPercent,
    [property: Id(10)] long WorkingSetBytes,
    [property: Id(11)] long ManagedHeapBytes,
    [property: Id(12)] DateTimeOffset? LastReportAt);
