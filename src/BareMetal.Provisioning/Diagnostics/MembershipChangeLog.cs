using BareMetal.Contracts.Diagnostics;

namespace BareMetal.Provisioning.Diagnostics;

/// <summary>
/// The last membership changes this silo saw (a silo joining, becoming active, shutting down, declared dead), from
/// successive snapshots of Orleans' membership view.
/// </summary>
internal sealed class MembershipChangeLog(TimeProvider time)
{
    /// <summary>How many changes are kept.</summary>
    public const int Capacity = 50;

    private readonly Lock _gate = new();
    private readonly Queue<MembershipEvent> _events = new();
    private Dictionary<SiloAddress, SiloStatus> _known = [];

    /// <summary>Records every status that differs from the previous snapshot.</summary>
    public void Observe(ClusterMembershipSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var next = new Dictionary<SiloAddress, SiloStatus>(snapshot.Members.Count);
            foreach (var (silo, member) in snapshot.Members)
            {
                next[silo] = member.Status;
                var previous = _known.TryGetValue(silo, out var known) ? known : SiloStatus.None;
                if (previous != member.Status)
                {
                    _events.Enqueue(new MembershipEvent(silo.ToString(), ClusterStatisticsReporter.StatusName(previous), ClusterStatisticsReporter.StatusName(member.Status), now));
                    while (_events.Count > Capacity)
                    {
                        _events.Dequeue();
                    }
                }
            }

            _known = next;
        }
    }

    /// <summary>The kept changes, oldest first.</summary>
    public IReadOnlyList<MembershipEvent> Recent()
    {
        lock (_gate)
        {
            return [.. _events];
        }
    }
}
