using BareMetal.Runtime.Cluster;

namespace BareMetal.Runtime.Membership;

/// <summary>A new membership view replaced the previous one.</summary>
public sealed class ClusterMembershipChangedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public ClusterMembershipChangedEventArgs(ClusterMembershipView previous, ClusterMembershipView current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        Previous = previous;
        Current = current;
        ChangedSilos = previous.Entries.Select(e => e.Silo)
            .Union(current.Entries.Select(e => e.Silo))
            .Where(s => previous.GetStatus(s) != current.GetStatus(s))
            .Order()
            .ToArray();
    }

    /// <summary>The view before the change.</summary>
    public ClusterMembershipView Previous { get; }

    /// <summary>The view now in force.</summary>
    public ClusterMembershipView Current { get; }

    /// <summary>Silos whose status differs between the two views (including silos added or removed), sorted.</summary>
    public IReadOnlyList<SiloAddress> ChangedSilos { get; }
}
