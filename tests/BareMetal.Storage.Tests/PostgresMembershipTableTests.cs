using BareMetal.Storage.Postgres;
using BareMetal.TestInfrastructure;

namespace BareMetal.Storage.Tests;

/// <summary>The membership table suite on the private PostgreSQL server, in a non-default schema.</summary>
[Collection(PostgresCollection.Name)]
[NeedsPostgres]
public sealed class PostgresMembershipTableTests(PostgresServer server) : MembershipTableTests<PostgresMembershipTable>
{
    private const string Schema = "membership_tests";

    protected override string Engine => "postgres";

    protected override Task<string> GetSharedDatabaseAsync() => server.GetDatabaseAsync(nameof(PostgresMembershipTableTests));

    protected override Task<string> CreateFreshDatabaseAsync() => server.CreateDatabaseAsync();

    protected override PostgresMembershipTable CreateTable(string database, string clusterId) =>
        new(new PostgresStorageOptions { ConnectionString = database, SchemaName = Schema, ClusterId = clusterId });

    protected override Task<IReadOnlyList<SchemaVersionRow>> ReadSchemaVersionsAsync(string database) =>
        TestDatabases.ReadPostgresSchemaVersionsAsync(database, Schema);
}
