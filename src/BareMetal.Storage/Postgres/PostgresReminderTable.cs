using BareMetal.Runtime;
using BareMetal.Runtime.Reminders;
using BareMetal.Storage.Relational;
using BareMetal.Storage.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BareMetal.Storage.Postgres;

/// <summary>The reminder table in PostgreSQL, indexed on the grain hash for ring-range reads. Owns one connection pool.</summary>
public sealed class PostgresReminderTable : IReminderTable, IStartupSchema, IAsyncDisposable, IDisposable
{
    private readonly PostgresDialect _dialect;
    private readonly ReminderStore _store;
    private readonly ComponentSchema _schema;

    /// <summary>Creates the table and its data source; no connection opens until the first call.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="logger">The logger; none when null.</param>
    public PostgresReminderTable(PostgresStorageOptions options, ILogger<PostgresReminderTable>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        PostgresStorageOptionsValidator.ThrowIfInvalid(PostgresStorageOptions.RemindersOptionsName, options);

        ILogger log = logger ?? NullLogger<PostgresReminderTable>.Instance;
        _dialect = new PostgresDialect(options);
        _store = new ReminderStore(_dialect, options.MaxGroupSize, log);
        _schema = new ComponentSchema(_dialect, StorageComponent.Reminders, PostgresMigrations.Reminders(_dialect.QuotedSchema), options.InitializeSchema, log);
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

    /// <summary>Closes the connection pool.</summary>
    public ValueTask DisposeAsync() => _dialect.DisposeAsync();

    /// <summary>Closes the connection pool.</summary>
    public void Dispose() => _dialect.Dispose();
}
