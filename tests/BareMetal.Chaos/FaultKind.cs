namespace BareMetal.Chaos;

/// <summary>What is done to a silo.</summary>
public enum FaultKind
{
    /// <summary>SIGKILL, then the silo is started again on the same ports (as a supervisor restarts it).</summary>
    Kill,

    /// <summary>SIGSTOP for a while, then SIGCONT (a frozen VM, a long GC pause, a partition as peers see it).</summary>
    Stop,
}
