using BareMetal.Storage.Relational;
using BareMetal.Storage.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BareMetal.Storage.Postgres;

/// <summary>
/// Grain storage in PostgreSQL: one <c>grain_state</c> row per (grain type, grain key, state name)
/// with the payload as bytea and a bigint version as the ETag. Owns one connection pool (data source).
/// </summary>
public sealed class PostgresGrainStorage : IGrainStateStore, IStartupSchema, IAsyncDisposable, IDisposable
{
    private readonly PostgresDialect _dialect;
    private readonly GrainStateStore _store;
    private readonly ComponentSchema _schema;

    /// <summary>Creates the storage and its data source; no connection opens until the first call.</summary>
    /// <param name="name">The storage name, as used in <c>[PersistentState]</c>.</param>
    /// <param name="options">The options; validated here.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <param name="timeProvider">The clock for <c>updated_at</c>; the system clock when null.</param>
    public PostgresGrainStorage(string name, PostgresStorageOptions options, ILogger<PostgresGrainStorage>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        PostgresStorageOptionsValidator.ThrowIfInvalid(name, options);

        ILogger log = logger ?? NullLogger<PostgresGrainStorage>.Instance;
        _dialect = new PostgresDialect(options);
        Name = name;
        _store = new GrainStateStore(_dialect, name, options.MaxGroupSize, timeProvider ?? TimeProvider.System, log);
        _schema = new ComponentSchema(_dialect, StorageComponent.GrainStorage, PostgresMigrations.GrainStorage(_dialect.QuotedSchema), options.InitializeSchema, log);
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

    /// <summary>Closes the connection pool.</summary>
    public ValueTask DisposeAsync() => _dialect.DisposeAsync();

    /// <summary>Closes the connection pool.</summary>
    public void Dispose() => _dialect.Dispose();
}
