using BareMetal.Runtime;
using BareMetal.Runtime.Reminders;
using BareMetal.Storage.Relational;
using BareMetal.Storage.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BareMetal.Storage.Sqlite;

/// <summary>The reminder table in a SQLite file, indexed on the grain hash for ring-range reads.</summary>
public sealed class SqliteReminderTable : IReminderTable, IStartupSchema
{
    private readonly ReminderStore _store;
    private readonly ComponentSchema _schema;

    /// <summary>Creates the table; nothing touches the database until the first call.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="logger">The logger; none when null.</param>
    public SqliteReminderTable(SqliteStorageOptions options, ILogger<SqliteReminderTable>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        SqliteStorageOptionsValidator.ThrowIfInvalid(SqliteStorageOptions.RemindersOptionsName, options);

        ILogger log = logger ?? NullLogger<SqliteReminderTable>.Instance;
        var dialect = new SqliteDialect(options);
        _store = new ReminderStore(dialect, options.MaxGroupSize, log);
        _schema = new ComponentSchema(dialect, StorageComponent.Reminders, SqliteMigrations.Reminders, options.InitializeSchema, log);
    }

    bool IStartupSchema.EnsureSchemaOnStart => _schema.EnsureSchemaOnStart;

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(uint beginExclusive, uint endInclusive, CancellationToken cancellationToken) =>
        _store.ReadRangeAsync(beginExclusive, endInclusive, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grainId, CancellationToken cancellationToken) =>
        _store.ReadGrainAsync(grainId, cancellationToken);

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRowAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken) =>
        _store.ReadAsync(grainId, reminderName, cancellationToken);

    /// <inheritdoc />
    public Task<string> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken) =>
        _store.UpsertAsync(entry, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RemoveRowAsync(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken) =>
        _store.RemoveAsync(grainId, reminderName, eTag, cancellationToken);

    /// <inheritdoc />
    public Task<int> EnsureSchemaAsync(CancellationToken cancellationToken) => _schema.EnsureSchemaAsync(cancellationToken);
}
