using BareMetal.Runtime.Cluster;

namespace BareMetal.Runtime.Membership;

internal sealed partial class MembershipAgent
{
    /// <summary>Reads the table now, publishes a view if anything changed, and declares stale silos dead.</summary>
    /// <remarks>Also what the transport calls when a peer announces its leave, so the view does not wait a period.</remarks>
    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var rows = await ReadAndPublishAsync(cancellationToken).ConfigureAwait(false);
        if (_status == SiloStatus.Active && !IsDeclaredDead && !_prober.IsClosed && await DeclareStaleSilosDeadAsync(rows, cancellationToken).ConfigureAwait(false))
        {
            await ReadAndPublishAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        if (IsDeclaredDead || _status is SiloStatus.None or SiloStatus.Dead)
        {
            return;
        }

        await _table.UpdateIAmAliveAsync(LocalSilo, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<MembershipRow>> ReadAndPublishAsync(CancellationToken cancellationToken)
    {
        // Reads and publishes are serialized, so an older read can never overwrite a newer view.
        IReadOnlyList<MembershipRow> rows;
        await _viewGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            rows = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);

            // Publish before reacting to our own death, so components see the Dead view first.
            _membership.TryPublish(rows);
        }
        finally
        {
            _viewGate.Release();
        }

        ObserveOwnRow(rows);
        return rows;
    }

    private async Task<bool> DeclareStaleSilosDeadAsync(IReadOnlyList<MembershipRow> rows, CancellationToken cancellationToken)
    {
        var any = false;
        foreach (var stale in rows.Select(r => r.Entry).Where(e => e.Silo != LocalSilo && e.Status != SiloStatus.Dead && IsStale(e)))
        {
            var lastHeartbeat = stale.IAmAliveTime;
            var declared = await TryChangeRowAsync(stale.Silo, (_, row) =>
            {
                // Judge the fresh row: the silo may have heartbeated since the read above.
                lastHeartbeat = row.Entry.IAmAliveTime;
                return row.Entry.Status != SiloStatus.Dead && IsStale(row.Entry) ? row.Entry with { Status = SiloStatus.Dead } : null;
            }, cancellationToken).ConfigureAwait(false);
            if (declared)
            {
                LogDeclaredDeadByHeartbeatAge(stale.Silo, lastHeartbeat, _options.DeathByHeartbeatAge);
                any = true;
            }
        }

        return any;
    }

    private bool IsStale(MembershipEntry entry) => _time.GetUtcNow() - entry.IAmAliveTime > _options.DeathByHeartbeatAge;

    /// <summary>
    /// Read-modify-write of one row, optimistic on its ETag: on a conflict the row is re-read and
    /// <paramref name="change"/> judged again. <paramref name="change"/> gets all rows and the row,
    /// and returns the new entry or null for "nothing to write". A silo declared dead writes nothing.
    /// </summary>
    /// <returns>Whether a change was written.</returns>
    private async Task<bool> TryChangeRowAsync(
        SiloAddress silo,
        Func<IReadOnlyList<MembershipRow>, MembershipRow, MembershipEntry?> change,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            var rows = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            ObserveOwnRow(rows);
            if (IsDeclaredDead)
            {
                return false;
            }

            var row = rows.FirstOrDefault(r => r.Entry.Silo == silo);
            if (row is null)
            {
                return false;
            }

            var updated = change(rows, row);
            if (updated is null)
            {
                return false;
            }

            // A stopping (or killed) silo judges its peers no more: what it saw may be its own teardown.
            cancellationToken.ThrowIfCancellationRequested();
            if (await _table.UpdateRowAsync(updated, row.ETag, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            LogWriteConflict(silo, attempt);
        }

        LogWriteGaveUp(silo, MaxWriteAttempts);
        return false;
    }

    /// <summary>Checks, on every read, that this silo is still alive as far as the table is concerned.</summary>
    private void ObserveOwnRow(IReadOnlyList<MembershipRow> rows)
    {
        // Before the insert there is nothing to observe; while leaving, Dead is the goal, not news.
        if (_status == SiloStatus.None || _leaving || IsDeclaredDead)
        {
            return;
        }

        var own = rows.FirstOrDefault(r => r.Entry.Silo == LocalSilo);
        if (own is null || own.Entry.Status == SiloStatus.Dead)
        {
            OnDeclaredDead(own?.Entry);
        }
    }
}
