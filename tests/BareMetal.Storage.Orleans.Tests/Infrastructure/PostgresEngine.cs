using System.Data.Common;
using BareMetal.Storage.Orleans.Tests.Grains;
using Npgsql;

namespace BareMetal.Storage.Orleans.Tests.Infrastructure;

/// <summary>A database of its own on the test run's private PostgreSQL server, tables in a non-default schema.</summary>
public sealed class PostgresEngine(string connectionString) : StorageEngine
{
    // Not "public": the providers must find OrleansQuery and their tables through the schema they were given.
    public const string Schema = "baremetal";

    public override void ConfigureSilo(ISiloBuilder silo)
    {
        silo.UseBareMetalPostgres(Configure);
        silo.AddBareMetalPostgresGrainStorageAsDefault(TestStorageNames.GroupCommit, Configure);
        silo.AddPostgresAdoNetGrainStorage(TestStorageNames.AdoNet, Configure);
    }

    public override void ConfigureClient(IClientBuilder client) =>
        client.UseAdoNetClustering(options =>
        {
            options.Invariant = AdoNetInvariants.Postgres;
            options.ConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = Schema }.ConnectionString;
        });

    public override async Task<DbConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    public override string Table(string name) => $"{Schema}.{name}";

    private void Configure(BareMetal.Storage.Postgres.PostgresStorageOptions options)
    {
        options.ConnectionString = connectionString;
        options.SchemaName = Schema;
    }
}
