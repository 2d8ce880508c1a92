using BareMetal.Storage.Schema;
using BareMetal.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace BareMetal.Storage.Tests;

/// <summary>The grain storage suite on SQLite files in a temp directory.</summary>
public sealed class SqliteGrainStorageTests : GrainStorageTests<SqliteGrainStorage>, IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    protected override string Engine => "sqlite";

    public void Dispose() => _directory.Dispose();

    protected override Task<string> GetSharedDatabaseAsync() => Task.FromResult(_directory.NewDatabase("shared.db"));

    protected override Task<string> CreateFreshDatabaseAsync() => Task.FromResult(_directory.NewDatabase());

    protected override SqliteGrainStorage CreateStorage(string database) =>
        new("test", new SqliteStorageOptions { ConnectionString = database });

    protected override string GrainStateTable => "grain_state";

    private protected override IReadOnlyList<(string Component, IReadOnlyList<Migration> Migrations)> PreviousVersionSchema { get; } =
    [
        (StorageComponent.GrainStorage, SqliteMigrations.GrainStorage),
        (StorageComponent.Reminders, SqliteMigrations.Reminders),
        (StorageComponent.Membership, SqliteMigrations.Membership),
        (StorageComponent.GrainDirectory, SqliteMigrations.GrainDirectory),
    ];

    private protected override IMigrationTarget CreateMigrationTarget(string database) =>
        new SqliteDialect(new SqliteStorageOptions { ConnectionString = database });

    protected override Task<IReadOnlyList<SchemaVersionRow>> ReadSchemaVersionsAsync(string database) =>
        TestDatabases.ReadSqliteSchemaVersionsAsync(database);

    // Microsoft.Data.Sqlite retries a busy statement until the command timeout (30 s unless the
    // connection string's Default Timeout says otherwise), on top of busy_timeout.
    protected override SqliteGrainStorage CreateImpatientStorage(string database) =>
        new("test", new SqliteStorageOptions
        {
            ConnectionString = new SqliteConnectionStringBuilder(database) { DefaultTimeout = 1 }.ConnectionString,
            BusyTimeout = TimeSpan.FromMilliseconds(300),
        });

    protected override async Task<IAsyncDisposable> HoldWriteLockAsync(string database)
    {
        var connection = new SqliteConnection(database);
        await connection.OpenAsync();

        // BEGIN IMMEDIATE takes the file's write lock now; WAL readers still read.
        var transaction = connection.BeginTransaction(deferred: false);
        return new HeldLock(connection, transaction);
    }

    private sealed class HeldLock(SqliteConnection connection, SqliteTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
