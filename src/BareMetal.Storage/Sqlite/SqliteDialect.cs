using System.Data;
using System.Data.Common;
using System.Globalization;
using BareMetal.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace BareMetal.Storage.Sqlite;

/// <summary>
/// SQLite connections: every connection sets busy_timeout, foreign keys and synchronous = FULL (in WAL
/// mode every commit is fsynced to the WAL before it returns, so an acknowledged write survives power
/// loss; it is set rather than trusted to the library's build default). WAL is switched on by the
/// migration (it is a property of the file, not of the connection).
/// </summary>
internal sealed class SqliteDialect : IStorageDialect
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    private readonly string _connectionString;
    private readonly string _connectionPragmas;
    private readonly string? _directory;
    private volatile bool _directoryEnsured;

    public SqliteDialect(SqliteStorageOptions options)
    {
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        _connectionString = builder.ConnectionString;
        _connectionPragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(int)options.BusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;");
        _directory = FileDirectory(builder);
    }

    public string Engine => "sqlite";

    public string VersionTable => "schema_version";

    public string CreateVersionTableSql => """
        CREATE TABLE IF NOT EXISTS schema_version (
            engine TEXT NOT NULL,
            component TEXT NOT NULL,
            version INTEGER NOT NULL,
            applied_at TEXT NOT NULL,
            PRIMARY KEY (engine, component, version)
        )
        """;

    public DbType TimestampType => DbType.String;

    public int GroupsInFlight => 1;

    public string Qualify(string table) => table;

    public object ToDbTimestamp(DateTimeOffset value) => value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (!_directoryEnsured && _directory is not null)
        {
            Directory.CreateDirectory(_directory);
            _directoryEnsured = true;
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = _connectionPragmas;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task ExecuteGroupAsync(DbConnection connection, IReadOnlyList<GroupStatement> statements, bool atomic, Action<int, DbDataReader> readRow, CancellationToken cancellationToken)
    {
        // SQLite has one writer and a commit costs an fsync: N writes in one BEGIN IMMEDIATE … COMMIT
        // take the write lock once and sync once. Each distinct text is compiled once per group.
        var sqlite = (SqliteConnection)connection;
        var transaction = atomic ? sqlite.BeginTransaction(deferred: false) : null;
        var commands = new Dictionary<string, SqliteCommand>(StringComparer.Ordinal);
        try
        {
            for (var index = 0; index < statements.Count; index++)
            {
                var statement = statements[index];
                if (!commands.TryGetValue(statement.Sql, out var command))
                {
                    command = sqlite.CreateCommand();
                    command.CommandText = statement.Sql;
                    command.Transaction = transaction;
                    commands.Add(statement.Sql, command);
                }

                command.Parameters.Clear();
                foreach (var argument in statement.Arguments)
                {
                    command.Parameters.Add(new SqliteParameter { ParameterName = argument.Name, DbType = argument.Type, Value = argument.Value ?? DBNull.Value });
                }

                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        readRow(index, reader);
                    }
                }
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var command in commands.Values)
            {
                await command.DisposeAsync().ConfigureAwait(false);
            }

            // Without a commit this rolls the whole group back.
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    // ExecuteGroupAsync rolled its transaction back already; nothing else stays with the connection.
    public ValueTask ReleaseAfterFailureAsync(DbConnection connection) => connection.DisposeAsync();

    public bool IsRequestFault(Exception error) => error switch
    {
        // TOOBIG, CONSTRAINT, MISMATCH, RANGE: a value of one statement, not the file or the lock.
        SqliteException sqlite => sqlite.SqliteErrorCode is 18 or 19 or 20 or 25,
        ArgumentException or InvalidCastException or FormatException or OverflowException => true,
        _ => false,
    };

    public async ValueTask<DbTransaction> BeginLockedTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // journal_mode cannot change inside a transaction; it persists in the file, so repeating it is cheap.
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = "PRAGMA journal_mode = WAL;";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // BEGIN IMMEDIATE takes the write lock now (waiting up to busy_timeout), so a second process
        // migrating the same file waits here and then sees the first one's schema_version rows.
        return ((SqliteConnection)connection).BeginTransaction(deferred: false);
    }

    private static string? FileDirectory(SqliteConnectionStringBuilder builder)
    {
        var dataSource = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory
            || string.IsNullOrEmpty(dataSource)
            || dataSource == ":memory:"
            || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Path.GetDirectoryName(Path.GetFullPath(dataSource));
    }
}
