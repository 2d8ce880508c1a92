using BareMetal.Storage.Orleans.Tests.Infrastructure;
using BareMetal.TestInfrastructure;

namespace BareMetal.Storage.Orleans.Tests;

[NeedsPostgres]
[Collection(PostgresCollection.Name)]
public sealed class PostgresOrleansStorageTests(PostgresServer server) : OrleansStorageScenarios
{
    protected override async Task<StorageEngine> EngineAsync() => new PostgresEngine(await server.GetDatabaseAsync(nameof(PostgresOrleansStorageTests)));
}
