namespace BareMetal.Benchmarks;

/// <summary>Collects call latencies (in Stopwatch ticks) and reports percentiles.</summary>
internal sealed class LatencyRecorder(int capacity)
{
    private readonly long[] _samples = new long[capacity];
    private int _count;

    public int Count => Math.Min(Volatile.Read(ref _count), _samples.Length);

    public void Record(long ticks)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        if (index < _samples.Length)
        {
            _samples[index] = ticks;
        }
    }

    public double PercentileMicroseconds(double percentile)
    {
        var count = Count;
        if (count == 0)
        {
            return double.NaN;
        }

        var sorted = _samples.AsSpan(0, count).ToArray();
        Array.Sort(sorted);
        var index = (int)Math.Clamp(Math.Ceiling(percentile / 100.0 * count) - 1, 0, count - 1);
        return sorted[index] * 1_000_000.0 / System.Diagnostics.Stopwatch.Frequency;
    }
}
