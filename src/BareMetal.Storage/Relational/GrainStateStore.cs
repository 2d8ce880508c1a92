using System.Data;
using Microsoft.Extensions.Logging;

namespace BareMetal.Storage.Relational;

/// <summary>
/// The grain-state commands both engines share. Every write is one atomic statement whose WHERE
/// clause (or ON CONFLICT) carries the optimistic check, so of two racing writers holding the same
/// ETag exactly one changes the row; the loser reads the stored version only to explain the refusal.
/// Concurrent writes (and, separately, concurrent reads) are sent as commit groups: one round trip and
/// one transaction per group (see <see cref="GroupCommitQueue{TRequest, TResult}"/>). A refused check
/// refuses only its own write; the group's other writes commit.
/// </summary>
internal sealed partial class GrainStateStore
{
    private readonly IStorageDialect _dialect;
    private readonly string _storageName;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _selectSql;
    private readonly string _insertSql;
    private readonly string _updateSql;
    private readonly GroupCommitQueue<WriteRequest, long?> _writes;
    private readonly GroupCommitQueue<GrainStateKey, StoredGrainState?> _reads;

    public GrainStateStore(IStorageDialect dialect, string storageName, int maxGroupSize, TimeProvider timeProvider, ILogger logger)
    {
        _dialect = dialect;
        _storageName = storageName;
        _timeProvider = timeProvider;
        _logger = logger;

        var table = dialect.Qualify("grain_state");
        const string Match = "grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name";
        _selectSql = $"SELECT payload, version FROM {table} WHERE {Match}";
        _insertSql = $"""
            INSERT INTO {table} (grain_type, grain_key, state_name, payload, version, updated_at)
            VALUES (@grain_type, @grain_key, @state_name, @payload, 1, @updated_at)
            ON CONFLICT DO NOTHING
            RETURNING version
            """;
        _updateSql = $"""
            UPDATE {table} SET payload = @payload, version = version + 1, updated_at = @updated_at
            WHERE {Match} AND version = @expected_version
            RETURNING version
            """;
        _writes = new GroupCommitQueue<WriteRequest, long?>(dialect, maxGroupSize, RunWritesAsync, $"grain-state writes of storage {storageName}", logger);
        _reads = new GroupCommitQueue<GrainStateKey, StoredGrainState?>(dialect, maxGroupSize, RunReadsAsync, $"grain-state reads of storage {storageName}", logger);
    }

    public Task<StoredGrainState?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken)
    {
        Validate(key);
        return _reads.EnqueueAsync(key, cancellationToken);
    }

    /// <summary>Writes <paramref name="payload"/>, or a tombstone when it is null, if the stored ETag is <paramref name="expectedETag"/>.</summary>
    public async Task<string> WriteAsync(GrainStateKey key, byte[]? payload, string? expectedETag, CancellationToken cancellationToken)
    {
        Validate(key);
        long? expectedVersion = null;
        var couldMatch = expectedETag is null;
        if (expectedETag is not null && ETags.TryParse(expectedETag, out var parsed))
        {
            expectedVersion = parsed;
            couldMatch = true;
        }

        // An ETag this store could not have issued matches no row: refused without a statement.
        if (couldMatch)
        {
            var version = await _writes.EnqueueAsync(new WriteRequest(key, payload, expectedVersion), cancellationToken).ConfigureAwait(false);
            if (version is { } newVersion)
            {
                return ETags.Format(newVersion);
            }
        }

        var stored = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
        LogConflict(_storageName, key.ToString(), stored?.ETag, expectedETag);
        throw new GrainStateConflictException(key, stored?.ETag, expectedETag);
    }

    private static void Validate(GrainStateKey key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key.GrainType, nameof(key));
        ArgumentNullException.ThrowIfNull(key.GrainKey, nameof(key));
        ArgumentException.ThrowIfNullOrEmpty(key.StateName, nameof(key));
    }

    private static SqlArgument[] KeyArguments(GrainStateKey key, int extra)
    {
        var arguments = new SqlArgument[3 + extra];
        arguments[0] = new SqlArgument("@grain_type", DbType.String, key.GrainType);
        arguments[1] = new SqlArgument("@grain_key", DbType.String, key.GrainKey);
        arguments[2] = new SqlArgument("@state_name", DbType.String, key.StateName);
        return arguments;
    }

    // The one order in which every group of every process locks rows: by primary key, column by column, ordinally.
    private static int CompareKeys(GrainStateKey x, GrainStateKey y)
    {
        var byType = string.CompareOrdinal(x.GrainType, y.GrainType);
        if (byType != 0)
        {
            return byType;
        }

        var byKey = string.CompareOrdinal(x.GrainKey, y.GrainKey);
        return byKey != 0 ? byKey : string.CompareOrdinal(x.StateName, y.StateName);
    }

    private async Task RunWritesAsync(System.Data.Common.DbConnection connection, IReadOnlyList<GroupedRequest<WriteRequest, long?>> group, CancellationToken cancellationToken)
    {
        // Rows are locked in statement order. Every silo orders its groups by key, so two silos' groups
        // touching the same rows lock them in the same order and cannot deadlock each other.
        var order = new int[group.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            var byKey = CompareKeys(group[a].Request.Key, group[b].Request.Key);
            return byKey != 0 ? byKey : a.CompareTo(b);
        });

        var now = _dialect.ToDbTimestamp(StorageTimestamps.Normalize(_timeProvider.GetUtcNow()));
        var statements = new GroupStatement[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            var request = group[order[i]].Request;
            var arguments = KeyArguments(request.Key, request.ExpectedVersion is null ? 2 : 3);
            arguments[3] = new SqlArgument("@payload", DbType.Binary, request.Payload);
            arguments[4] = new SqlArgument("@updated_at", _dialect.TimestampType, now);
            if (request.ExpectedVersion is { } expected)
            {
                arguments[5] = new SqlArgument("@expected_version", DbType.Int64, expected);
            }

            statements[i] = new GroupStatement(request.ExpectedVersion is null ? _insertSql : _updateSql, arguments);
        }

        var versions = new long?[order.Length];
        await _dialect.ExecuteGroupAsync(connection, statements, atomic: true, (index, reader) => versions[index] = reader.GetInt64(0), cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < order.Length; i++)
        {
            group[order[i]].Record(versions[i]);
        }
    }

    private async Task RunReadsAsync(System.Data.Common.DbConnection connection, IReadOnlyList<GroupedRequest<GrainStateKey, StoredGrainState?>> group, CancellationToken cancellationToken)
    {
        var statements = new GroupStatement[group.Count];
        for (var i = 0; i < statements.Length; i++)
        {
            statements[i] = new GroupStatement(_selectSql, KeyArguments(group[i].Request, 0));
        }

        var rows = new StoredGrainState?[statements.Length];
        await _dialect.ExecuteGroupAsync(
            connection,
            statements,
            atomic: false,
            (index, reader) => rows[index] = new StoredGrainState(reader.IsDBNull(0) ? null : reader.GetFieldValue<byte[]>(0), ETags.Format(reader.GetInt64(1))),
            cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < rows.Length; i++)
        {
            group[i].Record(rows[i]);
        }
    }

    /// <summary>One write: an insert when <see cref="ExpectedVersion"/> is null, else a checked update.</summary>
    private readonly record struct WriteRequest(GrainStateKey Key, byte[]? Payload, long? ExpectedVersion);
}
