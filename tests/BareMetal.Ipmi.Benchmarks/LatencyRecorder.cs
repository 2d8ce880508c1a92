using System.Collections.Concurrent;
using System.Diagnostics;

namespace BareMetal.Ipmi.Benchmarks;

/// <summary>Request latencies; percentiles in milliseconds.</summary>
internal sealed class LatencyRecorder
{
    private readonly ConcurrentBag<long> _ticks = [];

    public int Count => _ticks.Count;

    public void Record(long ticks) => _ticks.Add(ticks);

    public double PercentileMilliseconds(double percentile)
    {
        var sorted = _ticks.ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(sorted);
        var index = (int)Math.Clamp(Math.Ceiling(percentile / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[index] * 1000.0 / Stopwatch.Frequency;
    }
}
