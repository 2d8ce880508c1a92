namespace BareMetal.Storage.Orleans;

/// <summary>The ADO.NET invariant names Orleans' AdoNet providers are configured with.</summary>
public static class AdoNetInvariants
{
    /// <summary>PostgreSQL through Npgsql.</summary>
    public const string Postgres = "Npgsql";

    /// <summary>
    /// SQLite. Orleans' invariant table maps this name to Microsoft.Data.Sqlite's factory (the package we use);
    /// the name "Microsoft.Data.Sqlite" itself is not in its table and fails.
    /// </summary>
    public const string Sqlite = "System.Data.SQLite";
}
