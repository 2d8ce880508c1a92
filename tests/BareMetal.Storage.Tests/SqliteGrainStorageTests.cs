using BareMetal.Storage.Sqlite;

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

    protected override Task<IReadOnlyList<SchemaVersionRow>> ReadSchemaVersionsAsync(string database) =>
        TestDatabases.ReadSqliteSchemaVersionsAsync(database);
}
