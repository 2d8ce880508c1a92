using BareMetal.Storage.Postgres;
using Npgsql;

namespace BareMetal.Storage.Orleans.Hosting;

/// <summary>The connection string Orleans' ADO.NET providers get for a PostgreSQL storage.</summary>
internal static class PostgresOrleansConnection
{
    // Orleans' providers read "SELECT QueryKey, QueryText FROM OrleansQuery", unqualified: the search path makes
    // that name (and nothing else, since our statements qualify their tables) resolve in the configured schema.
    public static string For(PostgresStorageOptions options) =>
        new NpgsqlConnectionStringBuilder(options.ConnectionString) { SearchPath = options.SchemaName }.ConnectionString;
}
