using System.Data.Common;
using BareMetal.Storage.Orleans.Schema;
using BareMetal.Storage.Orleans.Tests.Grains;
using BareMetal.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BareMetal.Storage.Orleans.Tests.Infrastructure;

/// <summary>A database of its own on the test run's private PostgreSQL server, tables in a non-default schema.</summary>
public sealed class PostgresEngine(string connectionString) : StorageEngine
{
    // Not "public": the providers must find OrleansQuery and their tables through the schema they were given.
    public const string SchemaName = "baremetal";

    public override void ConfigureSilo(ISiloBuilder silo)
    {
        silo.UseBareMetalPostgres(Configure);
        silo.AddBareMetalPostgresGrainStorageAsDefault(TestStorageNames.GroupCommit, Configure);
        silo.AddPostgresAdoNetGrainStorage(TestStorageNames.AdoNet, Configure);
    }

    public override string Invariant => AdoNetInvariants.Postgres;

    public override string OrleansConnectionString => new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = SchemaName }.ConnectionString;

    public override void ConfigureClient(IClientBuilder client) => client.UseBareMetalPostgres(Configure);

    public override async Task<DbConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    public override OrleansSchema Schema()
    {
        var options = new PostgresStorageOptions();
        Configure(options);
        return OrleansSchema.ForPostgres(options, NullLogger.Instance);
    }

    public override string Table(string name) => $"{SchemaName}.{name}";

    private void Configure(PostgresStorageOptions options)
    {
        options.ConnectionString = connectionString;
        options.SchemaName = SchemaName;
    }
}
