using BareMetal.Contracts.Diagnostics;

namespace BareMetal.Provisioning.Diagnostics;

/// <summary>
/// See <see cref="IClusterStatisticsGrain"/>. Keeps each silo's last two reports in memory (rates are their
/// differences); nothing is stored, a new activation simply waits for the next reports.
/// </summary>
/// <remarks>
/// Reentrant so that the silos' long-polls for a watcher wait without holding reports back; no turn awaits between
/// reading and changing the maps.
/// </remarks>
[GrainType("clusterstatistics")]
[Reentrant]
public sealed class ClusterStatisticsGrain(TimeProvider timeProvider) : Grain, IClusterStatisticsGrain
{
    /// <summary>How long a dashboard counts as watching after its last read.</summary>
    public static readonly TimeSpan WatchWindow = TimeSpan.FromSeconds(5);

    /// <summary>A silo that has not reported for this long while watched is shown as not reporting.</summary>
    public static readonly TimeSpan ReportWindow = TimeSpan.FromSeconds(5);

    private const int KeptEvents = 100;
    private readonly Dictionary<string, (SiloReport Latest, SiloReport? Previous, DateTimeOffset ReceivedAt)> _reports = new(StringComparer.Ordinal);
    private TaskCompletionSource<bool> _watcherArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _lastWatched = DateTimeOffset.MinValue;

    /// <inheritdoc />
    public Task<bool> Report(SiloReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var now = timeProvider.GetUtcNow();
        var previous = _reports.TryGetValue(report.Silo, out var known) && known.Latest.SampledAt < report.SampledAt ? known.Latest : known.Previous;
        _reports[report.Silo] = (report, previous, now);
        return Task.FromResult(IsWatched(now));
    }

    /// <inheritdoc />
    public async Task<bool> WaitForWatchers(TimeSpan wait)
    {
        if (IsWatched(timeProvider.GetUtcNow()))
        {
            return true;
        }

        var arrived = _watcherArrived.Task;
        var winner = await Task.WhenAny(arrived, Task.Delay(wait, timeProvider));
        return winner == arrived;
    }

    /// <inheritdoc />
    public Task<ClusterStatistics> Watch()
    {
        var now = timeProvider.GetUtcNow();
        _lastWatched = now;
        var arrived = _watcherArrived;
        _watcherArrived = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        arrived.TrySetResult(true);
        return Task.FromResult(Assemble(now));
    }

    private bool IsWatched(DateTimeOffset now) => now - _lastWatched < WatchWindow;

    private ClusterStatistics Assemble(DateTimeOffset now)
    {
        // The membership view of the freshest reporter is the best knowledge of who is alive: a dead silo's own
        // last report still says it is active.
        var freshest = _reports.Values.Select(r => r.Latest).Where(r => r.Members.Count > 0).MaxBy(r => r.SampledAt);
        var members = freshest?.Members.ToDictionary(m => m.Silo, StringComparer.Ordinal) ?? new Dictionary<string, SiloMember>(StringComparer.Ordinal);
        var silos = new List<SiloStatisticsView>();
        foreach (var address in members.Keys.Union(_reports.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            members.TryGetValue(address, out var member);
            _reports.TryGetValue(address, out var reported);
            var status = member?.Status;
            // A dead silo's last report may be recent, but nothing more will come from it.
            var reporting = reported.Latest is not null && now - reported.ReceivedAt < ReportWindow && status != "dead";
            status ??= reporting ? "active" : "silent";
            silos.Add(View(address, member, reported.Latest, reported.Previous, status, reporting, now));
        }

        // Every silo reports what it saw; a silo reaching a status is one event however many saw it.
        var events = _reports.Values
            .SelectMany(r => r.Latest.Events)
            .OrderBy(e => e.At)
            .DistinctBy(e => (e.Silo, e.Current))
            .OrderByDescending(e => e.At)
            .Take(KeptEvents)
            .ToList();
        var live = _reports.Values.Where(r => now - r.ReceivedAt < ReportWindow && r.Previous is not null).ToList();
        var finished = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (latest, previous, _) in live)
        {
            var seconds = Seconds(latest, previous!);
            foreach (var (status, total) in latest.OperationsFinished)
            {
                var delta = total - previous!.OperationsFinished.GetValueOrDefault(status);
                finished[status] = finished.GetValueOrDefault(status) + Math.Max(0, delta) / seconds;
            }
        }

        return new ClusterStatistics(
            now,
            silos,
            events,
            silos.Where(s => s.Reporting).Sum(s => s.CallsPerSecond),
            live.Sum(r => Math.Max(0, r.Latest.FailedCallsTotal - r.Previous!.FailedCallsTotal) / Seconds(r.Latest, r.Previous)),
            silos.Where(s => s.Reporting).Sum(s => s.QueuedRequests),
            finished);
    }

    private static SiloStatisticsView View(string address, SiloMember? member, SiloReport? latest, SiloReport? previous, string status, bool reporting, DateTimeOffset now)
    {
        var startedAt = member?.StartedAt ?? latest?.StartedAt ?? now;
        var upTo = status == "dead" ? latest?.SampledAt ?? member?.LastHeartbeat ?? now : now;
        double callsPerSecond = 0, cpuPercent = 0;
        if (latest is not null && previous is not null && reporting)
        {
            var seconds = Seconds(latest, previous);
            callsPerSecond = Math.Max(0, latest.CallsTotal - previous.CallsTotal) / seconds;
            cpuPercent = Math.Clamp(100 * (latest.ProcessorSeconds - previous.ProcessorSeconds) / (seconds * Math.Max(1, latest.ProcessorCount)), 0, 100);
        }

        return new SiloStatisticsView(
            address,
            member?.Name ?? latest?.Name ?? address,
            status,
            startedAt,
            Math.Max(0, (upTo - startedAt).TotalSeconds),
            reporting,
            latest?.Activations ?? 0,
            latest?.QueuedRequests ?? 0,
            callsPerSecond,
            cpuPercent,
            latest?.WorkingSetBytes ?? 0,
            latest?.ManagedHeapBytes ?? 0,
            latest?.SampledAt);
    }

    private static double Seconds(SiloReport latest, SiloReport previous) =>
        Math.Max(0.001, (latest.SampledAt - previous.SampledAt).TotalSeconds);
}
