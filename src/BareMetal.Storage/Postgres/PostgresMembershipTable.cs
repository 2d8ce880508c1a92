using BareMetal.Runtime.Cluster;
using BareMetal.Storage.Relational;
using BareMetal.Storage.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BareMetal.Storage.Postgres;

/// <summary>
/// The membership table of cluster <see cref="PostgresStorageOptions.ClusterId"/> in PostgreSQL: one
/// <c>membership</c> row per silo, with a bigint version as the ETag. Owns one connection pool.
/// </summary>
public sealed class PostgresMembershipTable : IMembershipTable, IStartupSchema, IAsyncDisposable, IDisposable
{
    private readonly PostgresDialect _dialect;
    private readonly MembershipStore _store;
    private readonly ComponentSchema _schema;

    /// <summary>Creates the table and its data source; no connection opens until the first call.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="logger">The logger; none when null.</param>
    public PostgresMembershipTable(PostgresStorageOptions options, ILogger<PostgresMembershipTable>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        PostgresStorageOptionsValidator.ThrowIfInvalid(PostgresStorageOptions.ClusteringOptionsName, options);

        ILogger log = logger ?? NullLogger<PostgresMembershipTable>.Instance;
        _dialect = new PostgresDialect(options);
        ClusterId = options.ClusterId;
        _store = new MembershipStore(_dialect, options.ClusterId, log);
        _schema = new ComponentSchema(_dialect, StorageComponent.Membership, PostgresMigrations.Membership(_dialect.QuotedSchema), options.InitializeSchema, log);
    }

    /// <summary>The cluster whose rows this table reads and writes.</summary>
    public string ClusterId { get; }

    bool IStartupSchema.EnsureSchemaOnStart => _schema.EnsureSchemaOnStart;

    /// <inheritdoc />
    public Task<IReadOnlyList<MembershipRow>> ReadAllAsync(CancellationToken cancellationToken) =>
        _store.ReadAllAsync(cancellationToken);

    /// <inheritdoc />
    public Task<bool> InsertRowAsync(MembershipEntry entry, CancellationToken cancellationToken) =>
        _store.InsertAsync(entry, cancellationToken);

    /// <inheritdoc />
    public Task<bool> UpdateRowAsync(MembershipEntry entry, string eTag, CancellationToken cancellationToken) =>
        _store.UpdateAsync(entry, eTag, cancellationToken);

    /// <inheritdoc />
    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken) =>
        _store.UpdateIAmAliveAsync(silo, iAmAliveTime, cancellationToken);

    /// <inheritdoc />
    public Task CleanupDefunctSilosAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        _store.CleanupDefunctSilosAsync(olderThan, cancellationToken);

    /// <inheritdoc />
    public Task<int> EnsureSchemaAsync(CancellationToken cancellationToken) => _schema.EnsureSchemaAsync(cancellationToken);

    /// <summary>Closes the connection pool.</summary>
    public ValueTask DisposeAsync() => _dialect.DisposeAsync();

    /// <summary>Closes the connection pool.</summary>
    public void Dispose() => _dialect.Dispose();
}
