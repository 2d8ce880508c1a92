using System.Diagnostics;
using BareMetal.Runtime.Activations;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.Membership;

namespace BareMetal.Runtime.Diagnostics;

/// <summary>
/// Reads the silo's figures from what the runtime already keeps (the catalog, the call counters, the membership
/// view). The only standing cost is remembering the last few membership changes, which happen rarely.
/// </summary>
internal sealed class SiloStatistics : ISiloStatistics, IDisposable
{
    private const int KeptChanges = 50;
    private readonly Catalog _catalog;
    private readonly RuntimeMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILocalSiloDetails? _local;
    private readonly IClusterMembershipService? _membership;
    private readonly DateTimeOffset _startedAt;
    private readonly Queue<SiloStatusChange> _changes = new();
    private readonly Lock _changesLock = new();

    public SiloStatistics(Catalog catalog, RuntimeMetrics metrics, TimeProvider time, ILocalSiloDetails? local = null, IClusterMembershipService? membership = null)
    {
        _catalog = catalog;
        _metrics = metrics;
        _time = time;
        _local = local;
        _membership = membership;
        _startedAt = time.GetUtcNow();
        if (membership is not null)
        {
            membership.ViewChanged += OnViewChanged;
        }
    }

    public SiloStatisticsSample Sample()
    {
        using var process = Process.GetCurrentProcess();
        SiloStatusChange[] changes;
        lock (_changesLock)
        {
            changes = [.. _changes];
        }

        var startedAt = _membership?.CurrentView is { } view && _local is not null && view.GetEntry(_local.SiloAddress) is { } self
            ? self.StartTime
            : _startedAt;
        return new SiloStatisticsSample(
            _local?.SiloAddress.ToString() ?? "local",
            _local?.SiloName ?? Environment.MachineName,
            startedAt,
            _time.GetUtcNow(),
            _catalog.Count,
            _catalog.QueuedRequests,
            _metrics.CallsSentTotal,
            _metrics.CallsFailedTotal,
            process.TotalProcessorTime,
            Environment.ProcessorCount,
            process.WorkingSet64,
            GC.GetTotalMemory(forceFullCollection: false),
            _membership?.CurrentView.Entries ?? [],
            changes);
    }

    public void Dispose()
    {
        if (_membership is not null)
        {
            _membership.ViewChanged -= OnViewChanged;
        }
    }

    private void OnViewChanged(object? sender, ClusterMembershipChangedEventArgs change)
    {
        var at = _time.GetUtcNow();
        lock (_changesLock)
        {
            foreach (var silo in change.ChangedSilos)
            {
                var current = change.Current.GetStatus(silo);
                if (current == SiloStatus.None)
                {
                    // A row removed from the table (cleanup of long-dead silos) is not news to an operator.
                    continue;
                }

                _changes.Enqueue(new SiloStatusChange(silo, change.Previous.GetStatus(silo), current, at));
                if (_changes.Count > KeptChanges)
                {
                    _changes.Dequeue();
                }
            }
        }
    }
}
