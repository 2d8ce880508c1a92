using System.Data;
using System.Data.Common;
using BareMetal.Storage.Relational;
using Npgsql;

namespace BareMetal.Storage.Postgres;

/// <summary>PostgreSQL connections from one <see cref="NpgsqlDataSource"/> per provider instance; tables live in the configured schema.</summary>
internal sealed class PostgresDialect : IStorageDialect, IAsyncDisposable, IDisposable
{
    private const int AutoPreparedStatements = 64;

    /// <summary>
    /// Npgsql's write buffer per connection: room for a whole group of writes (64 node states of 4 to 6 KB) so that it is
    /// sent in one piece. Memory: this much per pooled connection.
    /// </summary>
    public const int GroupWriteBufferBytes = 512 * 1024;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schemaName;
    private readonly string _schema;
    private readonly long _lockKey;
    private int _disposed;

    public PostgresDialect(PostgresStorageOptions options)
    {
        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        var settings = builder.ConnectionStringBuilder;

        // Every statement of these stores is one of a few fixed texts run over and over: prepared once
        // per connection, the server skips parse and plan for each later run. Unless set otherwise.
        if (!Names(options.ConnectionString, "maxautoprepare"))
        {
            settings.MaxAutoPrepare = AutoPreparedStatements;
        }

        // The stores leave no session state behind (their only lock is transaction-scoped), so the
        // reset Npgsql sends with the first command of every reused pooled connection is pure cost.
        settings.NoResetOnClose = true;

        // A group is one batch, one implicit transaction: the server runs each statement as it arrives and holds its
        // row locks until the batch's end. Sent in pieces (Npgsql flushes every time its 8 KB write buffer fills, and a
        // group of node writes is tens to hundreds of KB), a process frozen between two pieces left the server waiting
        // for the rest with the locks held, and no server timeout ends that wait (it is not "idle in transaction"): the
        // silo that took the frozen one's nodes over waited on those locks until it woke, 15 s in a chaos run. Buffered
        // whole, a group goes to the kernel in one write, and the kernel delivers it whatever becomes of the process.
        if (!Names(options.ConnectionString, "writebuffersize"))
        {
            settings.WriteBufferSize = GroupWriteBufferBytes;
        }

        // A frozen process's open transaction is ended by the server, so its row locks do not outlive its death.
        if (options.AbandonedTransactionTimeout > TimeSpan.Zero)
        {
            var timeout = $"-c idle_in_transaction_session_timeout={(long)options.AbandonedTransactionTimeout.TotalMilliseconds}";
            settings.Options = string.IsNullOrWhiteSpace(settings.Options) ? timeout : settings.Options + " " + timeout;
        }

        _dataSource = builder.Build();
        _schemaName = options.SchemaName;
        _schema = "\"" + options.SchemaName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

        // One advisory lock per schema: every component migrating tables of this schema (and its
        // schema_version table) takes the same lock, other schemas migrate independently.
        _lockKey = MigrationLockKey.For(options.SchemaName);
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

    public int GroupsInFlight => 2;

    public string Qualify(string table) => $"{_schema}.{table}";

    public object ToDbTimestamp(DateTimeOffset value) => value.ToUniversalTime();

    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public async Task ExecuteGroupAsync(DbConnection connection, IReadOnlyList<GroupStatement> statements, bool atomic, Action<int, DbDataReader> readRow, CancellationToken cancellationToken)
    {
        // One batch is one round trip and, without an explicit transaction, one implicit transaction
        // (the protocol's Sync ends it): all statements commit together or none does. atomic needs nothing more.
        var batch = new NpgsqlBatch((NpgsqlConnection)connection);
        await using (batch.ConfigureAwait(false))
        {
            foreach (var statement in statements)
            {
                var sql = PositionalSql.Of(statement.Sql);
                var command = new NpgsqlBatchCommand(sql.Text);
                foreach (var name in sql.Names)
                {
                    var argument = ArgumentNamed(statement.Arguments, name);
                    command.Parameters.Add(new NpgsqlParameter { DbType = argument.Type, Value = argument.Value ?? DBNull.Value });
                }

                batch.BatchCommands.Add(command);
            }

            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var index = 0;
            await using (reader.ConfigureAwait(false))
            {
                do
                {
                    if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        readRow(index, reader);
                    }

                    index++;
                }
                while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));
            }

            // Disposing the reader read up to ReadyForQuery, which the server sends after the commit.
            if (index != statements.Count)
            {
                throw new InvalidOperationException($"A group of {statements.Count} statements returned {index} results; every group statement must return rows.");
            }
        }
    }

    private static SqlArgument ArgumentNamed(SqlArgument[] arguments, string name)
    {
        foreach (var argument in arguments)
        {
            if (argument.Name == name)
            {
                return argument;
            }
        }

        throw new InvalidOperationException($"The statement uses {name}, which no argument supplies.");
    }

    public async ValueTask ReleaseAfterFailureAsync(DbConnection connection)
    {
        // After a batch failed part-way, Npgsql's record of which auto-prepared statements the server
        // holds can disagree with the server (seen as "unexpected backend message" on the next batch
        // over the same pooled connection). Dropping every prepared statement on both sides makes
        // them agree again; a connection that broke is discarded by the pool anyway.
        try
        {
            if (connection.State == ConnectionState.Open)
            {
                ((NpgsqlConnection)connection).UnprepareAll();
            }
        }
        catch (Exception error) when (error is NpgsqlException or IOException or InvalidOperationException or TimeoutException)
        {
            // The connection is unusable; closing it below discards it.
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    public bool IsRequestFault(Exception error) => error switch
    {
        // Class 22 (data exception) and 23 (integrity constraint violation) come from a value of one statement.
        PostgresException postgres => postgres.SqlState.StartsWith("22", StringComparison.Ordinal) || postgres.SqlState.StartsWith("23", StringComparison.Ordinal),
        NpgsqlException => false,

        // Thrown while binding a parameter (a string the encoder rejects, a value out of range).
        ArgumentException or InvalidCastException or FormatException or OverflowException => true,
        _ => false,
    };

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

    /// <summary>Whether the connection string sets <paramref name="compactKeyword"/> (compared without spaces, any case).</summary>
    private static bool Names(string connectionString, string compactKeyword) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => string.Equals(key.Replace(" ", string.Empty, StringComparison.Ordinal), compactKeyword, StringComparison.OrdinalIgnoreCase));
}
