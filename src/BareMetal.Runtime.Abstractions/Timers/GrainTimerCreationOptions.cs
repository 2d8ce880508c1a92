namespace BareMetal.Runtime;

/// <summary>How a grain timer ticks.</summary>
/// <param name="DueTime">Delay before the first tick.</param>
/// <param name="Period">Delay between the end of one tick and the next; <see cref="Timeout.InfiniteTimeSpan"/> for a single tick.</param>
public readonly record struct GrainTimerCreationOptions(TimeSpan DueTime, TimeSpan Period)
{
    /// <summary>
    /// When true, ticks run even while a request is in progress (interleaving at await points); by
    /// default a tick waits its turn like a request.
    /// </summary>
    public bool Interleave { get; init; }

    /// <summary>When true, a tick counts as activity and postpones idle collection.</summary>
    public bool KeepAlive { get; init; }
}
