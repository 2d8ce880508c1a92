namespace BareMetal.Host.Silo;

/// <summary>
/// How fast a cluster notices a dead silo (<c>BareMetal:Membership</c>). Orleans' defaults take 15-30 s to declare a
/// killed silo dead; these take about 3 s, because nodes hosted by a dead silo cannot be reached until then. The price
/// is a little more traffic (a probe per second per silo, a membership table read per second) and a silo stalled for
/// longer than about <see cref="ProbeTimeout"/> times <see cref="MissedProbesLimit"/> being declared dead and
/// restarting, which the journal makes safe.
/// </summary>
public sealed class MembershipTuningOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Membership";

    /// <summary>Time between probes of a monitored silo, and how long one probe may take (Orleans' default 5 s).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>An older name of <see cref="ProbeTimeout"/>; when set, it wins.</summary>
    public TimeSpan? ProbePeriod { get; set; }

    /// <summary>
    /// The longest a probe may take once Orleans has adapted it to slow answers (Orleans' default: four times
    /// <see cref="ProbeTimeout"/>). It also sets how long a silo counts as "demonstrably alive" after its connection
    /// last delivered a message: Orleans suppresses votes against a silo heard from within this times
    /// <see cref="MissedProbesLimit"/>. With Orleans' default that window is 8 s, so a frozen silo (SIGSTOP, a stalled
    /// VM) kept receiving calls, which hung, for 8 to 9 s before it could be declared dead. Unset, it is 1.5 times
    /// <see cref="ProbeTimeout"/>: a window of 3 s with the other defaults.
    /// </summary>
    public TimeSpan? MaxProbeTimeout { get; set; }

    /// <summary>Missed probes before a silo votes another dead (Orleans' default 3).</summary>
    public int MissedProbesLimit { get; set; } = 2;

    /// <summary>Votes needed to declare a silo dead, capped by the number of other live silos (Orleans' default 2).</summary>
    public int VotesNeededToDeclareDead { get; set; } = 2;

    /// <summary>How long a vote counts (Orleans' default 2 min).</summary>
    public TimeSpan VoteExpiration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a silo writes its heartbeat into the membership table (Orleans' default 30 s).</summary>
    public TimeSpan IAmAlivePeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often a silo reads the membership table (Orleans' default 60 s).</summary>
    public TimeSpan TableRefreshPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A heartbeat older than this makes a silo's entry stale, so joining silos do not wait for it.</summary>
    public TimeSpan DeathByHeartbeatAge { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long entries of dead silos stay in the table (Orleans' default 7 days).</summary>
    public TimeSpan DefunctSiloCleanupAge { get; set; } = TimeSpan.FromHours(1);
}
