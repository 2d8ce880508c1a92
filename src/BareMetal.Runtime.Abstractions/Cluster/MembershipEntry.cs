namespace BareMetal.Runtime.Cluster;

/// <summary>One row of the membership table.</summary>
public sealed record MembershipEntry
{
    /// <summary>The silo.</summary>
    public required SiloAddress Silo { get; init; }

    /// <summary>Its human-readable name.</summary>
    public required string SiloName { get; init; }

    /// <summary>Its status.</summary>
    public required SiloStatus Status { get; init; }

    /// <summary>The port external clients connect to, or 0 when the silo is not a gateway.</summary>
    public int GatewayPort { get; init; }

    /// <summary>When the silo started.</summary>
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>The silo's last heartbeat.</summary>
    public required DateTimeOffset IAmAliveTime { get; init; }

    /// <summary>Recent votes that this silo is dead.</summary>
    public IReadOnlyList<SuspectVote> Suspicions { get; init; } = [];
}
