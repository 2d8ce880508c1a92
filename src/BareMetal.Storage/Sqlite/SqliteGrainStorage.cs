using BareMetal.Storage.Relational;
using BareMetal.Storage.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BareMetal.Storage.Sqlite;

/// <summary>
/// Grain storage in a SQLite file: one <c>grain_state</c> row per (grain type, grain key, state name)
/// with the payload as a BLOB and an integer version as the ETag.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStateStore, IStartupSchema
{
    private readonly GrainStateStore _store;
    private readonly ComponentSchema _schema;

    /// <summary>Creates the storage; nothing touches the database until the first call.</summary>
    /// <param name="name">The storage name, as used in <c>[PersistentState]</c>.</param>
    /// <param name="options">The options; validated here.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <param name="timeProvider">The clock for <c>updated_at</c>; the system clock when null.</param>
    public SqliteGrainStorage(string name, SqliteStorageOptions options, ILogger<SqliteGrainStorage>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        SqliteStorageOptionsValidator.ThrowIfInvalid(name, options);

        ILogger log = logger ?? NullLogger<SqliteGrainStorage>.Instance;
        var dialect = new SqliteDialect(options);
        Name = name;
        _store = new GrainStateStore(dialect, name, options.MaxGroupSize, timeProvider ?? TimeProvider.System, log);
        _schema = new ComponentSchema(dialect, StorageComponent.GrainStorage, SqliteMigrations.GrainStorage, options.InitializeSchema, log);
    }

    /// <summary>The storage name.</summary>
    public string Name { get; }

    bool IStartupSchema.EnsureSchemaOnStart => _schema.EnsureSchemaOnStart;

    /// <inheritdoc />
    public Task<StoredGrainState?> ReadAsync(GrainStateKey key, CancellationToken cancellationToken) =>
        _store.ReadAsync(key, cancellationToken);

    /// <inheritdoc />
    public Task<string> WriteAsync(GrainStateKey key, ReadOnlyMemory<byte> payload, string? expectedETag, CancellationToken cancellationToken) =>
        _store.WriteAsync(key, PayloadBytes.ToArray(payload), expectedETag, cancellationToken);

    /// <inheritdoc />
    public Task<string> ClearAsync(GrainStateKey key, string? expectedETag, CancellationToken cancellationToken) =>
        _store.WriteAsync(key, null, expectedETag, cancellationToken);

    /// <inheritdoc />
    public Task<int> EnsureSchemaAsync(CancellationToken cancellationToken) => _schema.EnsureSchemaAsync(cancellationToken);
}
