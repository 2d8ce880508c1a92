using System.Data.Common;
using BareMetal.Runtime.Cluster;
using Microsoft.Extensions.Logging;

namespace BareMetal.Storage.Relational;

/// <summary>
/// The membership commands both engines share. Every row carries its cluster id, and every statement
/// filters on it, so clusters sharing a database never see each other. Each write is one statement:
/// inserts use ON CONFLICT DO NOTHING, updates carry <c>version = @expected_version</c>, so of two
/// silos voting on the same row with the same ETag exactly one succeeds.
/// </summary>
internal sealed partial class MembershipStore
{
    private const string Columns = "host, port, generation, silo_name, status, gateway_port, start_time, i_am_alive_time, suspicions, version";
    private const string MatchRow = "cluster_id = @cluster_id AND silo_address = @silo_address";

    private readonly IStorageDialect _dialect;
    private readonly string _clusterId;
    private readonly ILogger _logger;
    private readonly string _selectSql;
    private readonly string _insertSql;
    private readonly string _updateSql;
    private readonly string _heartbeatSql;
    private readonly string _cleanupSql;

    public MembershipStore(IStorageDialect dialect, string clusterId, ILogger logger)
    {
        _dialect = dialect;
        _clusterId = clusterId;
        _logger = logger;

        var table = dialect.Qualify("membership");
        _selectSql = $"SELECT {Columns} FROM {table} WHERE cluster_id = @cluster_id";

        // Rows start at version 1: a silo address includes its generation, so a key deleted by the
        // cleanup is never inserted again and its old ETags cannot match a new row.
        _insertSql = $"""
            INSERT INTO {table} (cluster_id, silo_address, {Columns})
            VALUES (@cluster_id, @silo_address, @host, @port, @generation, @silo_name, @status, @gateway_port, @start_time, @i_am_alive_time, @suspicions, 1)
            ON CONFLICT DO NOTHING
            """;
        _updateSql = $"""
            UPDATE {table} SET
                silo_name = @silo_name,
                status = @status,
                gateway_port = @gateway_port,
                start_time = @start_time,
                i_am_alive_time = @i_am_alive_time,
                suspicions = @suspicions,
                version = version + 1
            WHERE {MatchRow} AND version = @expected_version
            """;
        _heartbeatSql = $"UPDATE {table} SET i_am_alive_time = @i_am_alive_time WHERE {MatchRow}";
        _cleanupSql = $"DELETE FROM {table} WHERE cluster_id = @cluster_id AND status = @dead AND i_am_alive_time < @older_than";
    }

    public async Task<IReadOnlyList<MembershipRow>> ReadAllAsync(CancellationToken cancellationToken) =>
        await _dialect.QueryAsync(_selectSql, command => command.AddParameter("@cluster_id", _clusterId), ReadRow, cancellationToken).ConfigureAwait(false);

    public async Task<bool> InsertAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        Validate(entry);
        return await _dialect.ExecuteNonQueryAsync(
            _insertSql,
            command =>
            {
                AddEntry(command, entry);
                command.AddParameter("@host", entry.Silo.Host);
                command.AddParameter("@port", entry.Silo.Port);
                command.AddParameter("@generation", entry.Silo.Generation);
            },
            cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> UpdateAsync(MembershipEntry entry, string eTag, CancellationToken cancellationToken)
    {
        Validate(entry);
        ArgumentNullException.ThrowIfNull(eTag);
        var updated = ETags.TryParse(eTag, out var expectedVersion)
            && await _dialect.ExecuteNonQueryAsync(
                _updateSql,
                command =>
                {
                    AddEntry(command, entry);
                    command.AddParameter("@expected_version", expectedVersion);
                },
                cancellationToken).ConfigureAwait(false) == 1;
        if (!updated)
        {
            LogStaleUpdate(entry.Silo, _clusterId, eTag);
        }

        return updated;
    }

    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);

        // No row (the silo was cleaned up after being declared dead) is not an error here: the silo
        // learns its fate from the table refresh, which is the one place that acts on it.
        return _dialect.ExecuteNonQueryAsync(
            _heartbeatSql,
            command =>
            {
                AddKey(command, silo);
                command.AddParameter("@i_am_alive_time", _dialect.TimestampType, ToDb(iAmAliveTime));
            },
            cancellationToken);
    }

    public async Task CleanupDefunctSilosAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var removed = await _dialect.ExecuteNonQueryAsync(
            _cleanupSql,
            command =>
            {
                command.AddParameter("@cluster_id", _clusterId);
                command.AddParameter("@dead", (int)SiloStatus.Dead);
                command.AddParameter("@older_than", _dialect.TimestampType, ToDb(olderThan));
            },
            cancellationToken).ConfigureAwait(false);
        if (removed > 0)
        {
            LogDefunctSilosRemoved(removed, _clusterId, olderThan);
        }
    }

    private static void Validate(MembershipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.Silo, nameof(entry));
        ArgumentException.ThrowIfNullOrEmpty(entry.Silo.Host, nameof(entry));
        ArgumentNullException.ThrowIfNull(entry.SiloName, nameof(entry));
        ArgumentNullException.ThrowIfNull(entry.Suspicions, nameof(entry));
    }

    private object ToDb(DateTimeOffset value) => _dialect.ToDbTimestamp(StorageTimestamps.Normalize(value));

    private void AddKey(DbCommand command, SiloAddress silo)
    {
        command.AddParameter("@cluster_id", _clusterId);
        command.AddParameter("@silo_address", silo.ToString());
    }

    private void AddEntry(DbCommand command, MembershipEntry entry)
    {
        AddKey(command, entry.Silo);
        command.AddParameter("@silo_name", entry.SiloName);
        command.AddParameter("@status", (int)entry.Status);
        command.AddParameter("@gateway_port", entry.GatewayPort);
        command.AddParameter("@start_time", _dialect.TimestampType, ToDb(entry.StartTime));
        command.AddParameter("@i_am_alive_time", _dialect.TimestampType, ToDb(entry.IAmAliveTime));
        command.AddParameter("@suspicions", SuspectVotesJson.Write(entry.Suspicions));
    }

    private MembershipRow ReadRow(DbDataReader reader) => new(
        new MembershipEntry
        {
            Silo = new SiloAddress(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2)),
            SiloName = reader.GetString(3),
            Status = (SiloStatus)reader.GetInt32(4),
            GatewayPort = reader.GetInt32(5),
            StartTime = _dialect.ReadTimestamp(reader, 6),
            IAmAliveTime = _dialect.ReadTimestamp(reader, 7),
            Suspicions = SuspectVotesJson.Read(reader.GetString(8)),
        },
        ETags.Format(reader.GetInt64(9)));
}
