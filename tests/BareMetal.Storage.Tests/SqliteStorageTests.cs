using System.Data.Common;
using BareMetal.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace BareMetal.Storage.Tests;

/// <summary>What only the SQLite engine promises: the file's directory, WAL and per-connection pragmas.</summary>
public sealed class SqliteStorageTests : IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task EnsureSchema_DirectoryMissing_CreatesItAndTheFile()
    {
        var database = _directory.NewDatabase("nested/deeper/state.db");
        var storage = new SqliteGrainStorage("test", new SqliteStorageOptions { ConnectionString = database });

        await storage.EnsureSchemaAsync(CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(_directory.Path, "nested", "deeper", "state.db")));
    }

    [Fact]
    public async Task EnsureSchema_FreshFile_SwitchesToWalJournal()
    {
        var database = _directory.NewDatabase();

        await new SqliteGrainStorage("test", new SqliteStorageOptions { ConnectionString = database }).EnsureSchemaAsync(CancellationToken.None);

        Assert.Equal("wal", await PragmaAsync(database, "journal_mode"));
    }

    [Fact]
    public async Task OpenConnection_Always_SetsBusyTimeoutForeignKeysAndFullSync()
    {
        var dialect = new SqliteDialect(new SqliteStorageOptions
        {
            ConnectionString = _directory.NewDatabase(),
            BusyTimeout = TimeSpan.FromMilliseconds(4321),
        });

        await using var connection = await dialect.OpenConnectionAsync(CancellationToken.None);

        Assert.Equal(4321L, await ScalarAsync(connection, "PRAGMA busy_timeout"));
        Assert.Equal(1L, await ScalarAsync(connection, "PRAGMA foreign_keys"));

        // 2 = FULL: every commit is fsynced to the WAL before it is acknowledged.
        Assert.Equal(2L, await ScalarAsync(connection, "PRAGMA synchronous"));
    }

    private static async Task<object?> PragmaAsync(string database, string pragma)
    {
        await using var connection = new SqliteConnection(database);
        await connection.OpenAsync();
        return await ScalarAsync(connection, $"PRAGMA {pragma}");
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
