using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BareMetal.Runtime.Diagnostics;

/// <summary>
/// The runtime's instruments. Counters are cheap; the turn-duration histogram is only fed while a
/// listener is attached, so an unobserved silo pays nothing for it.
/// </summary>
internal sealed class RuntimeMetrics
{
    private readonly Counter<long> _calls;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _overloads;
    private readonly Histogram<double> _turnDuration;
    private readonly Counter<long> _activationsCreated;
    private readonly Counter<long> _activationsCollected;
    private readonly Histogram<double> _reminderLag;
    private long _callsSentTotal;
    private long _callsFailedTotal;

    public RuntimeMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(RuntimeTelemetry.MeterName);
        _calls = meter.CreateCounter<long>("baremetal.grain.calls", "{call}", "Grain calls sent.");
        _failures = meter.CreateCounter<long>("baremetal.grain.call.failures", "{call}", "Grain calls that ended with an exception, timeout or cancellation.");
        _overloads = meter.CreateCounter<long>("baremetal.grain.call.overloads", "{call}", "Calls refused because the target's queue was full.");
        _turnDuration = meter.CreateHistogram<double>("baremetal.grain.turn.duration", "s", "Duration of grain turns (request start to completion).");
        _activationsCreated = meter.CreateCounter<long>("baremetal.activations.created", "{activation}", "Activations created.");
        _activationsCollected = meter.CreateCounter<long>("baremetal.activations.deactivated", "{activation}", "Activations deactivated.");
        _reminderLag = meter.CreateHistogram<double>("baremetal.reminder.lag", "s", "How late reminder ticks are delivered (delivery time minus due time).");
        Meter = meter;
    }

    public Meter Meter { get; }

    public bool TurnDurationEnabled => _turnDuration.Enabled;

    /// <summary>Calls sent since start (the dashboard's calls per second are differences of this total).</summary>
    public long CallsSentTotal => Interlocked.Read(ref _callsSentTotal);

    /// <summary>Calls failed or refused since start.</summary>
    public long CallsFailedTotal => Interlocked.Read(ref _callsFailedTotal);

    public void CallSent()
    {
        Interlocked.Increment(ref _callsSentTotal);
        _calls.Add(1);
    }

    public void CallFailed()
    {
        Interlocked.Increment(ref _callsFailedTotal);
        _failures.Add(1);
    }

    public void Overloaded()
    {
        Interlocked.Increment(ref _callsFailedTotal);
        _overloads.Add(1);
    }

    public void ReminderFired(TimeSpan lag) => _reminderLag.Record(Math.Max(0, lag.TotalSeconds));

    public void ActivationCreated() => _activationsCreated.Add(1);

    public void ActivationDeactivated() => _activationsCollected.Add(1);

    public void TurnCompleted(long startTimestamp) =>
        _turnDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);

    public void ObserveCatalog(Func<int> activationCount, Func<int> queuedRequests)
    {
        Meter.CreateObservableGauge("baremetal.activations", activationCount, "{activation}", "Live activations on this silo.");
        Meter.CreateObservableGauge("baremetal.mailbox.length", queuedRequests, "{request}", "Requests waiting in activation queues on this silo.");
    }
}
