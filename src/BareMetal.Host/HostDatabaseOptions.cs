namespace BareMetal.Host;

/// <summary>Where the host keeps grain state, reminders and (in cluster mode) membership and the grain directory.</summary>
public sealed class HostDatabaseOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Database";

    /// <summary>"Sqlite" (embedded default, one silo) or "Postgres" (cluster).</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>The connection string; for SQLite, defaults to a file under the data directory.</summary>
    public string? ConnectionString { get; set; }
}
