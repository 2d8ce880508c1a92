using BareMetal.Storage.Postgres;
using BareMetal.TestInfrastructure;
using Npgsql;

namespace BareMetal.Storage.Tests;

/// <summary>The grain directory suite on the private PostgreSQL server, in a non-default schema.</summary>
[Collection(PostgresCollection.Name)]
[NeedsPostgres]
public sealed class PostgresGrainDirectoryTests(PostgresServer server) : GrainDirectoryTests<PostgresGrainDirectory>
{
    private const string Schema = "grain_directory_tests";

    protected override string Engine => "postgres";

    /// <summary>
    /// The test table is tiny, so the planner would rightly scan it; with sequential scans priced out
    /// the plan shows whether the primary key can serve the lookup at all.
    /// </summary>
    [Fact]
    public async Task Lookup_QueryPlan_UsesThePrimaryKey()
    {
        await using var connection = new NpgsqlConnection(await GetSharedDatabaseAsync());
        await connection.OpenAsync(Ct);
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync(Ct);
        }

        await using var command = new NpgsqlCommand("EXPLAIN " + Directory.LookupSql, connection);
        command.Parameters.AddWithValue("cluster_id", Directory.ClusterId);
        command.Parameters.AddWithValue("grain_type", "t");
        command.Parameters.AddWithValue("grain_key", "k");
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.Contains("Index Scan using grain_directory_pkey", plan[0], StringComparison.Ordinal);
        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan", StringComparison.Ordinal));
    }

    protected override Task<string> GetSharedDatabaseAsync() => server.GetDatabaseAsync(nameof(PostgresGrainDirectoryTests));

    protected override Task<string> CreateFreshDatabaseAsync() => server.CreateDatabaseAsync();

    protected override PostgresGrainDirectory CreateDirectory(string database, string clusterId) =>
        new(new PostgresStorageOptions { ConnectionString = database, SchemaName = Schema, ClusterId = clusterId });

    protected override Task<IReadOnlyList<SchemaVersionRow>> ReadSchemaVersionsAsync(string database) =>
        TestDatabases.ReadPostgresSchemaVersionsAsync(database, Schema);
}
