namespace BareMetal.Storage.Postgres;

/// <summary>Options of a PostgreSQL grain storage or reminder table, named after the storage they configure.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>The options name used by the reminder table (grain storages use their storage name).</summary>
    public const string RemindersOptionsName = "BareMetal.Reminders";

    /// <summary>The Npgsql connection string, e.g. <c>Host=db;Database=baremetal;Username=baremetal;Password=…</c>. Required.</summary>
    /// <remarks>[Redact] It carries credentials: never log or print it.</remarks>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The schema holding the tables (created when missing); a plain identifier.</summary>
    public string SchemaName { get; set; } = "public";

    /// <summary>Whether the silo creates and migrates the schema on start; when false, run <c>EnsureSchemaAsync</c> yourself.</summary>
    public bool InitializeSchema { get; set; } = true;
}
