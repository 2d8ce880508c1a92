namespace BareMetal.Runtime.Membership;

/// <summary>
/// Failure detection and membership table settings. The defaults declare a SIGKILLed silo dead in
/// under 5 s on loopback: two missed probes one second apart, then the votes of two peers.
/// </summary>
public sealed class MembershipOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Membership";

    /// <summary>How often every other Active silo is probed.</summary>
    public TimeSpan ProbePeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a probe may take before it counts as missed.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive missed probes after which this silo votes that the peer is dead.</summary>
    public int MissedProbesLimit { get; set; } = 2;

    /// <summary>
    /// Fresh votes (from distinct silos) needed to declare a silo dead; when fewer other silos are
    /// Active, all of them suffice (with two silos, one vote).
    /// </summary>
    public int VotesNeededToDeclareDead { get; set; } = 2;

    /// <summary>Votes older than this no longer count.</summary>
    public TimeSpan VoteExpiration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often this silo writes its heartbeat to the table.</summary>
    public TimeSpan IAmAlivePeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the table is re-read to learn about joins, leaves and deaths.</summary>
    public TimeSpan TableRefreshPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A silo whose heartbeat is older than this is declared dead by any Active silo, without votes.</summary>
    public TimeSpan DeathByHeartbeatAge { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Rows of dead silos whose heartbeat is older than this are deleted (also how often the cleanup runs).</summary>
    public TimeSpan DefunctSiloCleanupAge { get; set; } = TimeSpan.FromHours(1);
}
