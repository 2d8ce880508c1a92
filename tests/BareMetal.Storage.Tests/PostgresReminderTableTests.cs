using BareMetal.Storage.Postgres;
using BareMetal.TestInfrastructure;

namespace BareMetal.Storage.Tests;

/// <summary>The reminder table suite on the private PostgreSQL server, in the default schema.</summary>
[Collection(PostgresCollection.Name)]
[NeedsPostgres]
public sealed class PostgresReminderTableTests(PostgresServer server) : ReminderTableTests<PostgresReminderTable>
{
    protected override string Engine => "postgres";

    protected override Task<string> GetSharedDatabaseAsync() => server.GetDatabaseAsync(nameof(PostgresReminderTableTests));

    protected override Task<string> CreateFreshDatabaseAsync() => server.CreateDatabaseAsync();

    protected override PostgresReminderTable CreateTable(string database) =>
        new(new PostgresStorageOptions { ConnectionString = database });

    protected override Task<IReadOnlyList<SchemaVersionRow>> ReadSchemaVersionsAsync(string database) =>
        TestDatabases.ReadPostgresSchemaVersionsAsync(database, "public");
}
