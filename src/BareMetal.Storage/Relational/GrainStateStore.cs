using System.Data.Common;
using System.Globalization;
using BareMetal.Runtime;
using BareMetal.Runtime.Storage;
using Microsoft.Extensions.Logging;

namespace BareMetal.Storage.Relational;

/// <summary>
/// The grain-state commands both engines share. Every write is one atomic statement whose WHERE
/// clause (or ON CONFLICT) carries the optimistic check, so of two racing writers holding the same
/// ETag exactly one changes the row; the loser reads the stored version only to explain the refusal.
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

    public GrainStateStore(IStorageDialect dialect, string storageName, TimeProvider timeProvider, ILogger logger)
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
            """;
        _updateSql = $"""
            UPDATE {table} SET payload = @payload, version = version + 1, updated_at = @updated_at
            WHERE {Match} AND version = @expected_version
            RETURNING version
            """;
    }

    public async Task<StoredGrainState?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken)
    {
        Validate(key);
        var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadAsync(connection, key, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes <paramref name="payload"/>, or a tombstone when it is null, if the stored ETag is <paramref name="expectedETag"/>.</summary>
    public async Task<string> WriteAsync(GrainStateKey key, byte[]? payload, string? expectedETag, CancellationToken cancellationToken)
    {
        Validate(key);
        var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var now = _dialect.ToDbTimestamp(StorageTimestamps.Normalize(_timeProvider.GetUtcNow()));
            if (expectedETag is null)
            {
                if (await InsertAsync(connection, key, payload, now, cancellationToken).ConfigureAwait(false))
                {
                    return ETags.Format(1);
                }
            }
            else if (ETags.TryParse(expectedETag, out var expectedVersion))
            {
                var version = await UpdateAsync(connection, key, payload, expectedVersion, now, cancellationToken).ConfigureAwait(false);
                if (version is { } newVersion)
                {
                    return ETags.Format(newVersion);
                }
            }

            var stored = await ReadAsync(connection, key, cancellationToken).ConfigureAwait(false);
            LogConflict(_storageName, key.ToString(), stored?.ETag, expectedETag);
            throw new InconsistentStateException(key.ToString(), stored?.ETag, expectedETag);
        }
    }

    private static void Validate(GrainStateKey key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key.GrainId.Type, nameof(key));
        ArgumentNullException.ThrowIfNull(key.GrainId.Key, nameof(key));
        ArgumentException.ThrowIfNullOrEmpty(key.StateName, nameof(key));
    }

    private static void AddKey(DbCommand command, GrainStateKey key)
    {
        command.AddParameter("@grain_type", key.GrainId.Type);
        command.AddParameter("@grain_key", key.GrainId.Key);
        command.AddParameter("@state_name", key.StateName);
    }

    private async Task<StoredGrainState?> ReadAsync(DbConnection connection, GrainStateKey key, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = _selectSql;
            AddKey(command, key);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                var payload = await reader.IsDBNullAsync(0, cancellationToken).ConfigureAwait(false)
                    ? null
                    : reader.GetFieldValue<byte[]>(0);
                return new StoredGrainState(payload, ETags.Format(reader.GetInt64(1)));
            }
        }
    }

    private async Task<bool> InsertAsync(DbConnection connection, GrainStateKey key, byte[]? payload, object now, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = _insertSql;
            AddKey(command, key);
            command.AddParameter("@payload", payload);
            command.AddParameter("@updated_at", _dialect.TimestampType, now);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    private async Task<long?> UpdateAsync(DbConnection connection, GrainStateKey key, byte[]? payload, long expectedVersion, object now, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = _updateSql;
            AddKey(command, key);
            command.AddParameter("@payload", payload);
            command.AddParameter("@updated_at", _dialect.TimestampType, now);
            command.AddParameter("@expected_version", expectedVersion);
            var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return result is null or DBNull ? null : Convert.ToInt64(result, CultureInfo.InvariantCulture);
        }
    }
}
