using System.Globalization;
using BareMetal.Runtime.Cluster;

namespace BareMetal.Runtime.Membership;

/// <summary>
/// A membership table in process memory, with the same semantics as the database providers: every
/// change except the heartbeat is checked against the row's ETag. One instance can be shared by
/// several silos of one process (tests, the in-process testing host); nothing survives the process.
/// </summary>
public sealed class InMemoryMembershipTable : IMembershipTable
{
    private readonly Dictionary<SiloAddress, MembershipRow> _rows = [];
    private readonly Lock _lock = new();
    private long _version;

    /// <inheritdoc />
    public Task<IReadOnlyList<MembershipRow>> ReadAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<MembershipRow>>(_rows.Values.OrderBy(r => r.Entry.Silo).ToList());
        }
    }

    /// <inheritdoc />
    public Task<bool> InsertRowAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_rows.ContainsKey(entry.Silo))
            {
                return Task.FromResult(false);
            }

            _rows[entry.Silo] = new MembershipRow(Snapshot(entry), NextETagLocked());
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> UpdateRowAsync(MembershipEntry entry, string eTag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(eTag);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_rows.TryGetValue(entry.Silo, out var row) || row.ETag != eTag)
            {
                return Task.FromResult(false);
            }

            _rows[entry.Silo] = new MembershipRow(Snapshot(entry), NextETagLocked());
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            // Like an SQL UPDATE that matches no row, a heartbeat for an unknown silo is a no-op.
            if (_rows.TryGetValue(silo, out var row))
            {
                _rows[silo] = row with { Entry = row.Entry with { IAmAliveTime = iAmAliveTime } };
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CleanupDefunctSilosAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            foreach (var silo in _rows.Values
                .Where(r => r.Entry.Status == SiloStatus.Dead && r.Entry.IAmAliveTime < olderThan)
                .Select(r => r.Entry.Silo)
                .ToList())
            {
                _rows.Remove(silo);
            }
        }

        return Task.CompletedTask;
    }

    // The caller may hand in a mutable list; the stored row must not change behind the table's back.
    private static MembershipEntry Snapshot(MembershipEntry entry) => entry with { Suspicions = entry.Suspicions.ToArray() };

    private string NextETagLocked() => (++_version).ToString(CultureInfo.InvariantCulture);
}
