using System.Data.Common;
using BareMetal.Storage.Orleans.Schema;
using BareMetal.Storage.Orleans.Tests.Grains;
using BareMetal.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace BareMetal.Storage.Orleans.Tests.Infrastructure;

/// <summary>A SQLite file of its own in a temporary directory, deleted on dispose.</summary>
public sealed class SqliteEngine : StorageEngine, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("baremetal-orleans-").FullName;

    public SqliteEngine() => ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "cluster.db") }.ConnectionString;

    public string ConnectionString { get; }

    public override void ConfigureSilo(ISiloBuilder silo)
    {
        silo.UseBareMetalSqlite(Configure);
        silo.AddBareMetalSqliteGrainStorageAsDefault(TestStorageNames.GroupCommit, Configure);
        silo.AddSqliteAdoNetGrainStorage(TestStorageNames.AdoNet, Configure);
    }

    public override string Invariant => AdoNetInvariants.Sqlite;

    public override string OrleansConnectionString => ConnectionString;

    public override void ConfigureClient(IClientBuilder client) => client.UseBareMetalSqlite(Configure);

    public override async Task<DbConnection> OpenAsync()
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public override OrleansSchema Schema()
    {
        var options = new SqliteStorageOptions();
        Configure(options);
        return OrleansSchema.ForSqlite(options, NullLogger.Instance);
    }

    public override string Table(string name) => name;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a silo that is shutting down; the temp directory is cleaned by the system later.
        }
    }

    private void Configure(SqliteStorageOptions options) => options.ConnectionString = ConnectionString;
}
