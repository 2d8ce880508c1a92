namespace BareMetal.Chaos;

/// <summary>One fault injected into a silo, on the run's clock and the wall clock (the simulated hardware logs wall-clock times).</summary>
/// <param name="Kind">SIGKILL (then a restart) or SIGSTOP (then SIGCONT).</param>
/// <param name="Silo">The silo's name.</param>
/// <param name="ProcessId">The process signalled.</param>
/// <param name="At">When the signal was sent.</param>
/// <param name="WallClock">The same moment on the wall clock.</param>
public sealed record Fault(FaultKind Kind, string Silo, int ProcessId, TimeSpan At, DateTimeOffset WallClock)
{
    /// <summary>When the fault was over: the restarted silo ready, or SIGCONT sent.</summary>
    public TimeSpan EndedAt { get; set; }

    /// <summary>The wall-clock time of <see cref="EndedAt"/>.</summary>
    public DateTimeOffset EndedWallClock { get; set; }

    /// <summary>For a stop: whether the cluster had declared the frozen silo dead when it woke.</summary>
    public bool DeclaredDead { get; set; }
}
