using BareMetal.Storage.Sqlite;

namespace BareMetal.Storage.Tests;

/// <summary>The membership table suite on SQLite files in a temp directory.</summary>
public sealed class SqliteMembershipTableTests : MembershipTableTests<SqliteMembershipTable>, IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    protected override string Engine => "sqlite";

    public void Dispose() => _directory.Dispose();

    protected override Task<string> GetSharedDatabaseAsync() => Task.FromResult(_directory.NewDatabase("shared.db"));

    protected override Task<string> CreateFreshDatabaseAsync() => Task.FromResult(_directory.NewDatabase());

    protected override SqliteMembershipTable CreateTable(string database, string clusterId) =>
        new(new SqliteStorageOptions { ConnectionString = database, ClusterId = clusterId });

    protected override Task<IReadOnlyList<SchemaVersionRow>> ReadSchemaVersionsAsync(string database) =>
        TestDatabases.ReadSqliteSchemaVersionsAsync(database);
}
