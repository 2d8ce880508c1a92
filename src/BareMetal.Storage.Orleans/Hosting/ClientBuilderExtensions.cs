using BareMetal.Storage.Orleans.Hosting;
using BareMetal.Storage.Postgres;
using BareMetal.Storage.Sqlite;
using Orleans.Hosting;

namespace BareMetal.Storage.Orleans;

/// <summary>
/// Lets an Orleans client (a gateway-only host, or another service embedding the client) find the cluster's
/// gateways through our SQL. Clients never migrate the schema: the silos do.
/// </summary>
public static class ClientBuilderExtensions
{
    /// <summary>Finds gateways in the PostgreSQL membership table of <c>ClusterOptions.ClusterId</c>.</summary>
    public static IClientBuilder UseBareMetalPostgres(this IClientBuilder client, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new PostgresStorageOptions();
        configure(options);
        PostgresStorageOptionsValidator.ThrowIfInvalid("clustering", options);

        var connectionString = PostgresOrleansConnection.For(options);
        return client.UseAdoNetClustering(clustering =>
        {
            clustering.Invariant = AdoNetInvariants.Postgres;
            clustering.ConnectionString = connectionString;
        });
    }

    /// <summary>Finds gateways in the SQLite membership table of <c>ClusterOptions.ClusterId</c>.</summary>
    public static IClientBuilder UseBareMetalSqlite(this IClientBuilder client, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SqliteStorageOptions();
        configure(options);
        SqliteStorageOptionsValidator.ThrowIfInvalid("clustering", options);
        return client.UseAdoNetClustering(clustering =>
        {
            clustering.Invariant = AdoNetInvariants.Sqlite;
            clustering.ConnectionString = options.ConnectionString;
        });
    }
}
