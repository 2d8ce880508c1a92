using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace BareMetal.Api.Benchmarks;

/// <summary>
/// Which types a process allocates, sampled from the runtime's allocation ticks (one event about every 100 KB
/// allocated, naming the type of the object that crossed the mark): enough to see what an allocation-heavy path
/// allocates, without a profiler.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);

    /// <summary>Forgets what was sampled so far (the warmup's allocations).</summary>
    public void Reset() => _bytesByType.Clear();

    /// <summary>The types with the most sampled bytes, largest first, with their share of the sample.</summary>
    public IReadOnlyList<(string Type, double Share)> Top(int count)
    {
        var total = Math.Max(1, _bytesByType.Values.Sum());
        return _bytesByType.OrderByDescending(p => p.Value).Take(count).Select(p => (p.Key, (double)p.Value / total)).ToList();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.PayloadNames is null)
        {
            return;
        }

        var typeIndex = eventData.PayloadNames.IndexOf("TypeName");
        var amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (typeIndex < 0 || amountIndex < 0 || eventData.Payload is null)
        {
            return;
        }

        var type = eventData.Payload[typeIndex] as string ?? "?";
        var amount = Convert.ToInt64(eventData.Payload[amountIndex], System.Globalization.CultureInfo.InvariantCulture);
        _bytesByType.AddOrUpdate(type, amount, (_, total) => total + amount);
    }
}
