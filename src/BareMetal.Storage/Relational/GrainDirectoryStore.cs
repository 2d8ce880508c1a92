using System.Data.Common;
using BareMetal.Runtime;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.GrainDirectory;
using Microsoft.Extensions.Logging;

namespace BareMetal.Storage.Relational;

/// <summary>
/// The grain directory commands both engines share. Rows are keyed (cluster id, grain type, grain key),
/// so a lookup is one primary-key seek. Registration is a single upsert whose DO UPDATE only fires when
/// the current holder is replaceable; the engines differ only in what surrounds it (see their providers).
/// </summary>
internal sealed partial class GrainDirectoryStore
{
    private const string MatchGrain = "cluster_id = @cluster_id AND grain_type = @grain_type AND grain_key = @grain_key";

    private readonly IStorageDialect _dialect;
    private readonly ITextSetSql _textSet;
    private readonly string _clusterId;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly string _unregisterSql;
    private readonly string _unregisterSilosSql;

    public GrainDirectoryStore(IStorageDialect dialect, ITextSetSql textSet, string clusterId, TimeProvider timeProvider, ILogger logger)
    {
        _dialect = dialect;
        _textSet = textSet;
        _clusterId = clusterId;
        _timeProvider = timeProvider;
        _logger = logger;

        var table = dialect.Qualify("grain_directory");
        LookupSql = $"SELECT silo_address, epoch FROM {table} WHERE {MatchGrain}";

        // On conflict the row changes only when its holder is in @replaceable; PostgreSQL re-checks
        // that WHERE against the latest committed row after waiting for a concurrent writer, so two
        // silos taking over from the same dead holder cannot both win.
        RegisterSql = $"""
            INSERT INTO {table} AS d (cluster_id, grain_type, grain_key, silo_address, epoch, registered_at)
            VALUES (@cluster_id, @grain_type, @grain_key, @silo_address, 1, @registered_at)
            ON CONFLICT (cluster_id, grain_type, grain_key) DO UPDATE SET
                silo_address = excluded.silo_address,
                epoch = d.epoch + 1,
                registered_at = excluded.registered_at
            WHERE {textSet.Contains("d.silo_address", "@replaceable")}
            RETURNING silo_address, epoch
            """;
        _unregisterSql = $"DELETE FROM {table} WHERE {MatchGrain} AND silo_address = @silo_address AND epoch = @epoch";
        _unregisterSilosSql = $"DELETE FROM {table} WHERE cluster_id = @cluster_id AND {textSet.Contains("silo_address", "@silos")}";
    }

    /// <summary>The primary-key read (exposed for the query-plan test).</summary>
    public string LookupSql { get; }

    /// <summary>Insert-if-absent, else take over from a replaceable holder; returns the row only when it was written.</summary>
    public string RegisterSql { get; }

    public static void Validate(GrainId grainId)
    {
        ArgumentException.ThrowIfNullOrEmpty(grainId.Type, nameof(grainId));
        ArgumentNullException.ThrowIfNull(grainId.Key, nameof(grainId));
    }

    public async Task<GrainRegistration?> LookupAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        Validate(grainId);
        var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadAsync(connection, null, grainId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <see cref="RegisterSql"/>: the registration it wrote, or null when the existing holder stays.</summary>
    public async Task<GrainRegistration?> TryWriteAsync(
        DbConnection connection,
        DbTransaction? transaction,
        GrainId grainId,
        SiloAddress silo,
        IReadOnlyCollection<string> replaceable,
        CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = RegisterSql;
            AddGrain(command, grainId);
            command.AddParameter("@silo_address", silo.ToString());
            command.AddParameter("@registered_at", _dialect.TimestampType, _dialect.ToDbTimestamp(StorageTimestamps.Normalize(_timeProvider.GetUtcNow())));
            _textSet.AddParameter(command, "@replaceable", replaceable);
            return await ReadRegistrationAsync(command, grainId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<GrainRegistration?> ReadAsync(DbConnection connection, DbTransaction? transaction, GrainId grainId, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = LookupSql;
            AddGrain(command, grainId);
            return await ReadRegistrationAsync(command, grainId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> UnregisterAsync(GrainRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(registration.Silo, nameof(registration));
        Validate(registration.GrainId);
        return await _dialect.ExecuteNonQueryAsync(
            _unregisterSql,
            command =>
            {
                AddGrain(command, registration.GrainId);
                command.AddParameter("@silo_address", registration.Silo.ToString());
                command.AddParameter("@epoch", registration.Epoch);
            },
            cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<int> UnregisterSilosAsync(IReadOnlyCollection<SiloAddress> silos, CancellationToken cancellationToken)
    {
        var addresses = ToStrings(silos, nameof(silos));
        if (addresses.Length == 0)
        {
            return 0;
        }

        var removed = await _dialect.ExecuteNonQueryAsync(
            _unregisterSilosSql,
            command =>
            {
                command.AddParameter("@cluster_id", _clusterId);
                _textSet.AddParameter(command, "@silos", addresses);
            },
            cancellationToken).ConfigureAwait(false);
        LogSilosUnregistered(removed, addresses.Length, _clusterId);
        return removed;
    }

    public static string[] ToStrings(IReadOnlyCollection<SiloAddress> silos, string paramName)
    {
        ArgumentNullException.ThrowIfNull(silos, paramName);
        var addresses = new string[silos.Count];
        var i = 0;
        foreach (var silo in silos)
        {
            ArgumentNullException.ThrowIfNull(silo, paramName);
            addresses[i++] = silo.ToString();
        }

        return addresses;
    }

    /// <summary>Logs a registration that found the grain held by another silo (the caller forwards to it).</summary>
    public void LogIfHeldElsewhere(GrainId grainId, SiloAddress silo, GrainRegistration holder)
    {
        if (!holder.Silo.Equals(silo))
        {
            LogHeldElsewhere(grainId, silo, _clusterId, holder.Silo, holder.Epoch);
        }
    }

    private static async Task<GrainRegistration?> ReadRegistrationAsync(DbCommand command, GrainId grainId, CancellationToken cancellationToken)
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new GrainRegistration(grainId, SiloAddress.Parse(reader.GetString(0)), reader.GetInt64(1))
                : null;
        }
    }

    private void AddGrain(DbCommand command, GrainId grainId)
    {
        command.AddParameter("@cluster_id", _clusterId);
        command.AddParameter("@grain_type", grainId.Type);
        command.AddParameter("@grain_key", grainId.Key);
    }
}
