using System.Data.Common;
using BareMetal.Storage.Orleans.Tests.Grains;
using Microsoft.Data.Sqlite;

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

    public override void ConfigureClient(IClientBuilder client) =>
        client.UseAdoNetClustering(options =>
        {
            options.Invariant = AdoNetInvariants.Sqlite;
            options.ConnectionString = ConnectionString;
        });

    public override async Task<DbConnection> OpenAsync()
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
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

    private void Configure(BareMetal.Storage.Sqlite.SqliteStorageOptions options) => options.ConnectionString = ConnectionString;
}
