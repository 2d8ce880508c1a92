using BareMetal.Storage.Postgres;
using BareMetal.TestInfrastructure;

namespace BareMetal.Storage.Tests;

/// <summary>The grain storage suite on the private PostgreSQL server, in a non-default schema.</summary>
[Collection(PostgresCollection.Name)]
[NeedsPostgres]
public sealed class PostgresGrainStorageTests(PostgresServer server) : GrainStorageTests<PostgresGrainStorage>
{
    private const string Schema = "grain_storage_tests";

    protected override string Engine => "postgres";

    protected override Task<string> GetSharedDatabaseAsync() => server.GetDatabaseAsync(nameof(PostgresGrainStorageTests));

    protected override Task<string> CreateFreshDatabaseAsync() => server.CreateDatabaseAsync();

    protected override PostgresGrainStorage CreateStorage(string database) =>
        new("test", new PostgresStorageOptions { ConnectionString = database, SchemaName = Schema });

    protected override Task<IReadOnlyList<SchemaVersionRow>> ReadSchemaVersionsAsync(string database) =>
        TestDatabases.ReadPostgresSchemaVersionsAsync(database, Schema);
}
