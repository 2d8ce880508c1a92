using System.Data.Common;
using System.Globalization;
using BareMetal.Runtime;
using BareMetal.Runtime.Reminders;

namespace BareMetal.Storage.Relational;

/// <summary>
/// The reminder commands both engines share. The grain hash is a uint kept in a 64-bit column so
/// that SQL compares it unsigned; range reads are two index range scans on it.
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

    public ReminderStore(IStorageDialect dialect)
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

        var version = await _dialect.ExecuteScalarAsync(
            _upsertSql,
            command =>
            {
                AddGrain(command, entry.GrainId);
                command.AddParameter("@reminder_name", entry.ReminderName);
                command.AddParameter("@grain_hash", (long)entry.GrainHash);
                command.AddParameter("@start_at", _dialect.TimestampType, _dialect.ToDbTimestamp(StorageTimestamps.Normalize(entry.StartAt)));
                command.AddParameter("@period_ticks", entry.Period.Ticks);
                command.AddParameter("@initial_version", Random.Shared.NextInt64(1, InitialVersionLimit));
            },
            cancellationToken).ConfigureAwait(false);
        return ETags.Format(Convert.ToInt64(version, CultureInfo.InvariantCulture));
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

        return await _dialect.ExecuteNonQueryAsync(
            $"DELETE FROM {_table} WHERE {MatchRow} AND version = @version",
            command =>
            {
                AddGrain(command, grainId);
                command.AddParameter("@reminder_name", reminderName);
                command.AddParameter("@version", version);
            },
            cancellationToken).ConfigureAwait(false) > 0;
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
}
