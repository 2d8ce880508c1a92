namespace BareMetal.Storage.Postgres;

/// <summary>
/// Options of a PostgreSQL grain-state store; BareMetal.Storage.Orleans also reads the connection
/// settings from them for Orleans' clustering and reminders.
/// </summary>
public sealed class PostgresStorageOptions
{
    /// <summary>The Npgsql connection string, e.g. <c>Host=db;Database=baremetal;Username=baremetal;Password=…</c>. Required.</summary>
    /// <remarks>[Redact] It carries credentials: never log or print it.</remarks>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The schema holding the tables (created when missing); a plain identifier.</summary>
    public string SchemaName { get; set; } = "public";

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

    /// <summary>
    /// How long the server lets a transaction of these stores sit idle before it ends the session
    /// (<c>idle_in_transaction_session_timeout</c>). A silo frozen in the middle of a group commit (SIGSTOP, a stalled VM)
    /// otherwise keeps its row locks until it wakes, and the silo that took its grains over waits on them: a chaos run
    /// saw a node's writes blocked for the whole 20 s freeze. A live silo's transactions last milliseconds.
    /// Zero leaves the server's setting. Default 3 s.
    /// </summary>
    public TimeSpan AbandonedTransactionTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
