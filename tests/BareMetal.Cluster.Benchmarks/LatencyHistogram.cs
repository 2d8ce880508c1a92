using System.Diagnostics;

namespace BareMetal.Cluster.Benchmarks;

/// <summary>
/// Call latencies recorded from many callers without locks: each call's duration in Stopwatch ticks
/// goes into a preallocated slot; percentiles sort the recorded slots once at the end.
/// </summary>
internal sealed class LatencyHistogram(int capacity)
{
    private readonly long[] _ticks = new long[capacity];
    private int _count;

    public int Count => Math.Min(Volatile.Read(ref _count), _ticks.Length);

    public void Record(long elapsedTicks)
    {
        var slot = Interlocked.Increment(ref _count) - 1;
        if (slot < _ticks.Length)
        {
            _ticks[slot] = elapsedTicks;
        }
    }

    /// <summary>The latencies at <paramref name="percentiles"/> (0-100), in milliseconds.</summary>
    public double[] PercentilesMilliseconds(params double[] percentiles)
    {
        var count = Count;
        if (count == 0)
        {
            return [.. percentiles.Select(_ => double.NaN)];
        }

        var sorted = _ticks.AsSpan(0, count).ToArray();
        Array.Sort(sorted);
        return [.. percentiles.Select(p =>
        {
            var index = (int)Math.Min(count - 1, Math.Ceiling(p / 100 * count) - 1);
            return sorted[Math.Max(0, index)] * 1000.0 / Stopwatch.Frequency;
        })];
    }
}
