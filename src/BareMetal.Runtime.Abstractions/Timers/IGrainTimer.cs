namespace BareMetal.Runtime;

/// <summary>A timer of one activation. Disposing it stops future ticks.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes when the next tick happens and the period after it.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
