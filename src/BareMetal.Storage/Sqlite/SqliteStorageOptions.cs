namespace BareMetal.Storage.Sqlite;

/// <summary>
/// Options of a SQLite grain-state store; BareMetal.Storage.Orleans also reads the connection
/// settings from them for Orleans' clustering and reminders.
/// </summary>
public sealed class SqliteStorageOptions
{
    /// <summary>
    /// The Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=/var/lib/baremetal/state.db</c>.
    /// The file's directory is created when missing. Required.
    /// </summary>
    /// <remarks>[Redact] It may carry a password: never log or print it.</remarks>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>How long a command waits for another connection's write lock before failing (<c>PRAGMA busy_timeout</c>).</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest value <see cref="MaxGroupSize"/> accepts.</summary>
    public const int MaxGroupSizeLimit = 10_000;

    /// <summary>
    /// The most concurrent requests of one kind (grain-state writes, grain-state reads) sent together as
    /// one group: one round trip and one transaction. A request never waits for a group to fill; 1 sends
    /// every request on its own. Between 1 and <see cref="MaxGroupSizeLimit"/>.
    /// </summary>
    public int MaxGroupSize { get; set; } = 64;

    /// <summary>Whether the silo creates and migrates the grain-state table on start; when false, run <c>EnsureSchemaAsync</c> yourself.</summary>
    public bool InitializeSchema { get; set; } = true;
}
