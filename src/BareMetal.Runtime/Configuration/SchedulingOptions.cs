namespace BareMetal.Configuration;

/// <summary>Per-activation scheduling settings.</summary>
public sealed class SchedulingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Scheduling";

    /// <summary>
    /// How many requests may wait in one activation's queue; the next caller gets an overload error at
    /// once instead of joining an ever-growing queue.
    /// </summary>
    public int MaxEnqueuedRequests { get; set; } = 5000;

    /// <summary>The retry delay suggested to callers refused for overload.</summary>
    public TimeSpan OverloadRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Work items one activation runs before yielding its thread to others (fairness).</summary>
    public int MaxWorkItemsPerDrain { get; set; } = 64;

    /// <summary>A turn that runs longer than this is logged as a warning.</summary>
    public TimeSpan TurnWarningLength { get; set; } = TimeSpan.FromSeconds(1);
}
