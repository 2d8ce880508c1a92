using BareMetal.Runtime.Cluster;

namespace BareMetal.Runtime.Membership;

/// <summary>
/// An immutable snapshot of the membership table as one silo last read it. Views are numbered by the
/// silo that publishes them (<see cref="Version"/> is local and grows with each change it sees); the
/// heartbeat times inside are as of the read that produced the view.
/// </summary>
public sealed class ClusterMembershipView
{
    private readonly Dictionary<SiloAddress, MembershipEntry> _bySilo;

    /// <summary>Creates a view of <paramref name="entries"/> (at most one entry per silo).</summary>
    public ClusterMembershipView(long version, IEnumerable<MembershipEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Version = version;
        _bySilo = [];
        foreach (var entry in entries)
        {
            if (!_bySilo.TryAdd(entry.Silo, entry))
            {
                throw new ArgumentException($"Silo {entry.Silo} appears twice in the membership view.", nameof(entries));
            }
        }

        Entries = _bySilo.Values.OrderBy(e => e.Silo).ToArray();
        ActiveSilos = Entries.Where(e => e.Status == SiloStatus.Active).Select(e => e.Silo).ToArray();
        Gateways = Entries.Where(e => e.Status == SiloStatus.Active && e.GatewayPort > 0).ToArray();
    }

    /// <summary>The view before the first read of the table: no silos.</summary>
    public static ClusterMembershipView Empty { get; } = new(0, []);

    /// <summary>Grows by one with every view the local silo publishes.</summary>
    public long Version { get; }

    /// <summary>Every row of the table, whatever its status, sorted by silo address.</summary>
    public IReadOnlyList<MembershipEntry> Entries { get; }

    /// <summary>The silos that serve grains (the ring's members), sorted by silo address.</summary>
    public IReadOnlyList<SiloAddress> ActiveSilos { get; }

    /// <summary>The Active silos that accept external clients (<see cref="MembershipEntry.GatewayPort"/> above 0), sorted.</summary>
    public IReadOnlyList<MembershipEntry> Gateways { get; }

    /// <summary>The entry of <paramref name="silo"/>, or null when it is not in the table.</summary>
    public MembershipEntry? GetEntry(SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return _bySilo.GetValueOrDefault(silo);
    }

    /// <summary>The status of <paramref name="silo"/>, or <see cref="SiloStatus.None"/> when it is not in the table.</summary>
    public SiloStatus GetStatus(SiloAddress silo) => GetEntry(silo)?.Status ?? SiloStatus.None;

    /// <summary>Whether <paramref name="silo"/> is Active.</summary>
    public bool IsActive(SiloAddress silo) => GetStatus(silo) == SiloStatus.Active;

    /// <summary>
    /// Whether <paramref name="silo"/> is known to be gone: its row says Dead, or a newer generation
    /// of the same endpoint is in the table. A silo that is simply absent is not reported dead: it may
    /// have joined after this view was read.
    /// </summary>
    public bool IsDead(SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (_bySilo.TryGetValue(silo, out var entry))
        {
            return entry.Status == SiloStatus.Dead;
        }

        return Entries.Any(e => e.Silo.Host == silo.Host && e.Silo.Port == silo.Port && e.Silo.Generation > silo.Generation);
    }
}
