using System.Collections.Concurrent;
using BareMetal.Runtime.Cluster;

namespace BareMetal.Runtime.Tests.Membership;

/// <summary>
/// One silo's connection to the shared table: can fail on command (the silo is cut off from the
/// database) and records what the silo wrote.
/// </summary>
internal sealed class FaultyMembershipTable(IMembershipTable inner) : IMembershipTable
{
    private readonly ConcurrentQueue<(SiloAddress Silo, SiloStatus Status)> _rowWrites = new();
    private int _heartbeats;

    /// <summary>Every call throws.</summary>
    public bool FailAll { get; set; }

    /// <summary>Heartbeats throw; everything else works.</summary>
    public bool FailHeartbeats { get; set; }

    /// <summary>Successful row writes (inserts and updates), in order.</summary>
    public IReadOnlyList<(SiloAddress Silo, SiloStatus Status)> RowWrites => _rowWrites.ToArray();

    /// <summary>Successful heartbeats.</summary>
    public int Heartbeats => Volatile.Read(ref _heartbeats);

    public Task<IReadOnlyList<MembershipRow>> ReadAllAsync(CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return inner.ReadAllAsync(cancellationToken);
    }

    public async Task<bool> InsertRowAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        var inserted = await inner.InsertRowAsync(entry, cancellationToken);
        if (inserted)
        {
            _rowWrites.Enqueue((entry.Silo, entry.Status));
        }

        return inserted;
    }

    public async Task<bool> UpdateRowAsync(MembershipEntry entry, string eTag, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        var updated = await inner.UpdateRowAsync(entry, eTag, cancellationToken);
        if (updated)
        {
            _rowWrites.Enqueue((entry.Silo, entry.Status));
        }

        return updated;
    }

    public async Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        if (FailHeartbeats)
        {
            throw new InvalidOperationException("Injected heartbeat failure.");
        }

        await inner.UpdateIAmAliveAsync(silo, iAmAliveTime, cancellationToken);
        Interlocked.Increment(ref _heartbeats);
    }

    public Task CleanupDefunctSilosAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return inner.CleanupDefunctSilosAsync(olderThan, cancellationToken);
    }

    private void ThrowIfFailing()
    {
        if (FailAll)
        {
            throw new InvalidOperationException("Injected membership table failure.");
        }
    }
}
