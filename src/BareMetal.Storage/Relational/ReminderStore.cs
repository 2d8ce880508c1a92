using System.Data;
using System.Data.Common;
using BareMetal.Runtime;
using BareMetal.Runtime.Reminders;
using Microsoft.Extensions.Logging;

namespace BareMetal.Storage.Relational;

/// <summary>
/// The reminder commands both engines share. The grain hash is a uint kept in a 64-bit column so
/// that SQL compares it unsigned; range reads are two index range scans on it. Concurrent upserts and
/// removals are sent as commit groups (one round trip, one transaction each; see
/// <see cref="GroupCommitQueue{TRequest, TResult}"/>); a removal whose ETag no longer matches refuses only itself.
/// </summary>
internal sealed class ReminderStore
{
    private const string Columns = "grain_type, grain_key, reminder_name, start_at, period_ticks, version";
    private const string MatchGrain = "grain_type = @grain_type AND grain_key = @grain_key";
    private const string MatchRow = MatchGrain + " AND reminder_name = @reminder_name";

    // New rows start at a random version below 2^62 (room for increments), see the upsert comment.
    private const long InitialVersionLimit = 1L << 62;

    private readonly IStorageDialect _dialect;
    private readonly string _table;
    private readonly string _upsertSql;
    private readonly string _removeSql;
    private readonly GroupCommitQueue<ReminderWrite, long?> _writes;

    public ReminderStore(IStorageDialect dialect, int maxGroupSize, ILogger logger)
    {
        _dialect = dialect;
        _table = dialect.Qualify("reminders");

        // A new row starts at a random version rather than 1: after a remove and a re-insert the
        // key's versions do not repeat, so a remover still holding the old row's ETag cannot delete
        // the new reminder. (Grain state keeps tombstones instead; reminders are really deleted.)
        _upsertSql = $"""
            INSERT INTO {_table} AS r (grain_type, grain_key, reminder_name, grain_hash, start_at, period_ticks, version)
            VALUES (@grain_type, @grain_key, @reminder_name, @grain_hash, @start_at, @period_ticks, @initial_version)
            ON CONFLICT (grain_type, grain_key, reminder_name) DO UPDATE SET
                grain_hash = excluded.grain_hash,
                start_at = excluded.start_at,
                period_ticks = excluded.period_ticks,
                version = r.version + 1
            RETURNING version
            """;
        _removeSql = $"DELETE FROM {_table} WHERE {MatchRow} AND version = @version RETURNING version";
        _writes = new GroupCommitQueue<ReminderWrite, long?>(dialect, maxGroupSize, RunWritesAsync, "reminder writes", logger);
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadRangeAsync(uint beginExclusive, uint endInclusive, CancellationToken cancellationToken)
    {
        var select = $"SELECT {Columns} FROM {_table}";
        string sql;
        if (beginExclusive < endInclusive)
        {
            sql = $"{select} WHERE grain_hash > @begin AND grain_hash <= @end";
        }
        else if (beginExclusive > endInclusive)
        {
            // The range wraps past zero: (begin, max] then [0, end], each an index range.
            sql = $"{select} WHERE grain_hash > @begin UNION ALL {select} WHERE grain_hash <= @end";
        }
        else
        {
            sql = select;
        }

        return QueryAsync(
            sql,
            command =>
            {
                if (beginExclusive != endInclusive)
                {
                    command.AddParameter("@begin", (long)beginExclusive);
                    command.AddParameter("@end", (long)endInclusive);
                }
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadGrainAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        Validate(grainId);
        return QueryAsync($"SELECT {Columns} FROM {_table} WHERE {MatchGrain}", command => AddGrain(command, grainId), cancellationToken);
    }

    public async Task<ReminderEntry?> ReadAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        Validate(grainId);
        ArgumentException.ThrowIfNullOrEmpty(reminderName);
        var rows = await QueryAsync(
            $"SELECT {Columns} FROM {_table} WHERE {MatchRow}",
            command =>
            {
                AddGrain(command, grainId);
                command.AddParameter("@reminder_name", reminderName);
            },
            cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<string> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Validate(entry.GrainId);
        ArgumentException.ThrowIfNullOrEmpty(entry.ReminderName, nameof(entry));

        var version = await _writes.EnqueueAsync(new ReminderWrite(entry.GrainId, entry.ReminderName, entry, null), cancellationToken).ConfigureAwait(false);
        return ETags.Format(version ?? throw new InvalidOperationException($"The reminder upsert of {entry.GrainId}/{entry.ReminderName} returned no version."));
    }

    public async Task<bool> RemoveAsync(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        Validate(grainId);
        ArgumentException.ThrowIfNullOrEmpty(reminderName);
        ArgumentNullException.ThrowIfNull(eTag);
        if (!ETags.TryParse(eTag, out var version))
        {
            return false;
        }

        return await _writes.EnqueueAsync(new ReminderWrite(grainId, reminderName, null, version), cancellationToken).ConfigureAwait(false) is not null;
    }

    private static void Validate(GrainId grainId)
    {
        ArgumentException.ThrowIfNullOrEmpty(grainId.Type, nameof(grainId));
        ArgumentNullException.ThrowIfNull(grainId.Key, nameof(grainId));
    }

    private static void AddGrain(DbCommand command, GrainId grainId)
    {
        command.AddParameter("@grain_type", grainId.Type);
        command.AddParameter("@grain_key", grainId.Key);
    }

    private static int CompareRows(ReminderWrite x, ReminderWrite y) => RowOrder.Compare(x.GrainId, x.ReminderName, y.GrainId, y.ReminderName);

    private async Task RunWritesAsync(DbConnection connection, IReadOnlyList<GroupedRequest<ReminderWrite, long?>> group, CancellationToken cancellationToken)
    {
        // Same lock-order rule as grain state: groups are ordered by row key, so two silos' groups cannot deadlock.
        var order = new int[group.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            var byRow = CompareRows(group[a].Request, group[b].Request);
            return byRow != 0 ? byRow : a.CompareTo(b);
        });

        var statements = new GroupStatement[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            var write = group[order[i]].Request;
            SqlArgument[] row =
            [
                new("@grain_type", DbType.String, write.GrainId.Type),
                new("@grain_key", DbType.String, write.GrainId.Key),
                new("@reminder_name", DbType.String, write.ReminderName),
            ];
            statements[i] = write.Upsert is { } entry
                ? new GroupStatement(_upsertSql, [
                    .. row,
                    new("@grain_hash", DbType.Int64, (long)entry.GrainHash),
                    new("@start_at", _dialect.TimestampType, _dialect.ToDbTimestamp(StorageTimestamps.Normalize(entry.StartAt))),
                    new("@period_ticks", DbType.Int64, entry.Period.Ticks),
                    new("@initial_version", DbType.Int64, Random.Shared.NextInt64(1, InitialVersionLimit)),
                ])
                : new GroupStatement(_removeSql, [.. row, new("@version", DbType.Int64, write.RemoveVersion)]);
        }

        var versions = new long?[order.Length];
        await _dialect.ExecuteGroupAsync(connection, statements, atomic: true, (index, reader) => versions[index] = reader.GetInt64(0), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < order.Length; i++)
        {
            group[order[i]].Record(versions[i]);
        }
    }

    private async Task<IReadOnlyList<ReminderEntry>> QueryAsync(string sql, Action<DbCommand> bind, CancellationToken cancellationToken) =>
        await _dialect.QueryAsync(sql, bind, ReadEntry, cancellationToken).ConfigureAwait(false);

    private ReminderEntry ReadEntry(DbDataReader reader) => new()
    {
        GrainId = new GrainId(reader.GetString(0), reader.GetString(1)),
        ReminderName = reader.GetString(2),
        StartAt = _dialect.ReadTimestamp(reader, 3),
        Period = TimeSpan.FromTicks(reader.GetInt64(4)),
        ETag = ETags.Format(reader.GetInt64(5)),
    };

    /// <summary>An upsert of <see cref="Upsert"/>, or the removal of the row if its version is <see cref="RemoveVersion"/>.</summary>
    private readonly record struct ReminderWrite(GrainId GrainId, string ReminderName, ReminderEntry? Upsert, long? RemoveVersion);
}
