using System.Data;
using System.Data.Common;
using BareMetal.Runtime;
using BareMetal.Storage.Relational;
using Npgsql;

namespace BareMetal.Storage.Postgres;

/// <summary>PostgreSQL connections from one <see cref="NpgsqlDataSource"/> per provider instance; tables live in the configured schema.</summary>
internal sealed class PostgresDialect : IStorageDialect, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schemaName;
    private readonly string _schema;
    private readonly long _lockKey;
    private int _disposed;

    public PostgresDialect(PostgresStorageOptions options)
    {
        _dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        _schemaName = options.SchemaName;
        _schema = "\"" + options.SchemaName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

        // One advisory lock per schema: every component migrating tables of this schema (and its
        // schema_version table) takes the same lock, other schemas migrate independently.
        _lockKey = ((long)StableHash.Compute("BareMetal.Storage") << 32) | StableHash.Compute(options.SchemaName);
    }

    public string Engine => "postgres";

    /// <summary>The schema name quoted for SQL.</summary>
    public string QuotedSchema => _schema;

    public string VersionTable => $"{_schema}.schema_version";

    public string CreateVersionTableSql => $"""
        CREATE TABLE IF NOT EXISTS {_schema}.schema_version (
            engine text NOT NULL,
            component text NOT NULL,
            version integer NOT NULL,
            applied_at timestamptz NOT NULL,
            PRIMARY KEY (engine, component, version)
        )
        """;

    public DbType TimestampType => DbType.DateTimeOffset;

    public string Qualify(string table) => $"{_schema}.{table}";

    public object ToDbTimestamp(DateTimeOffset value) => value.ToUniversalTime();

    public DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask<DbTransaction> BeginLockedTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.Transaction = transaction;

                // The xact lock is released at commit or rollback, so a crashed migrator never leaves it held.
                command.CommandText = "SELECT pg_advisory_xact_lock(@key)";
                command.AddParameter("@key", _lockKey);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

                // Look before creating: CREATE SCHEMA IF NOT EXISTS still demands CREATE on the
                // database, which a least-privileged role using an existing schema lacks.
                command.Parameters.Clear();
                command.CommandText = "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema)";
                command.AddParameter("@schema", _schemaName);
                if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                {
                    command.Parameters.Clear();
                    command.CommandText = $"CREATE SCHEMA {_schema}";
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Each provider owns exactly one dialect, so closing the pool once here makes the providers'
    // Dispose and DisposeAsync safe to call repeatedly and in any mix.
    public ValueTask DisposeAsync() =>
        Interlocked.Exchange(ref _disposed, 1) == 0 ? _dataSource.DisposeAsync() : ValueTask.CompletedTask;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _dataSource.Dispose();
        }
    }
}
