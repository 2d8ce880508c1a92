namespace BareMetal.Drivers.Ipmi;

/// <summary>How many calls of one kind run now, and the most that ran at once: how a bound is shown to hold.</summary>
internal sealed class IpmiConcurrencyGauge
{
    private int _current;
    private int _peak;

    public int Current => Volatile.Read(ref _current);

    public int Peak => Volatile.Read(ref _peak);

    public void Enter()
    {
        var current = Interlocked.Increment(ref _current);
        var peak = Volatile.Read(ref _peak);
        while (current > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peak, current, peak);
            if (seen == peak)
            {
                return;
            }

            peak = seen;
        }
    }

    public void Exit() => Interlocked.Decrement(ref _current);

    /// <summary>Starts a new measurement of <see cref="Peak"/>.</summary>
    public void ResetPeak() => Volatile.Write(ref _peak, Current);
}
