using BareMetal.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace BareMetal.Storage.Tests;

/// <summary>The grain directory suite on SQLite files in a temp directory.</summary>
public sealed class SqliteGrainDirectoryTests : GrainDirectoryTests<SqliteGrainDirectory>, IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    protected override string Engine => "sqlite";

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Lookup_QueryPlan_SearchesThePrimaryKey()
    {
        await using var connection = new SqliteConnection(await GetSharedDatabaseAsync());
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + Directory.LookupSql;
        command.Parameters.AddWithValue("@cluster_id", Directory.ClusterId);
        command.Parameters.AddWithValue("@grain_type", "t");
        command.Parameters.AddWithValue("@grain_key", "k");
        await using var reader = await command.ExecuteReaderAsync(Ct);

        Assert.True(await reader.ReadAsync(Ct));
        var detail = reader.GetString(reader.GetOrdinal("detail"));
        Assert.Contains("USING PRIMARY KEY (cluster_id=? AND grain_type=? AND grain_key=?)", detail, StringComparison.Ordinal);
        Assert.False(await reader.ReadAsync(Ct));
    }

    protected override Task<string> GetSharedDatabaseAsync() => Task.FromResult(_directory.NewDatabase("shared.db"));

    protected override Task<string> CreateFreshDatabaseAsync() => Task.FromResult(_directory.NewDatabase());

    protected override SqliteGrainDirectory CreateDirectory(string database, string clusterId) =>
        new(new SqliteStorageOptions { ConnectionString = database, ClusterId = clusterId });

    protected override Task<IReadOnlyList<SchemaVersionRow>> ReadSchemaVersionsAsync(string database) =>
        TestDatabases.ReadSqliteSchemaVersionsAsync(database);
}
