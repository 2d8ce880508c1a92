using BareMetal.Runtime.Cluster;
using BareMetal.Storage.Relational;
using BareMetal.Storage.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BareMetal.Storage.Sqlite;

/// <summary>
/// The membership table of cluster <see cref="SqliteStorageOptions.ClusterId"/> in a SQLite file: one
/// <c>membership</c> row per silo, with an integer version as the ETag. For a single host (development, edge).
/// </summary>
public sealed class SqliteMembershipTable : IMembershipTable, IStartupSchema
{
    private readonly MembershipStore _store;
    private readonly ComponentSchema _schema;

    /// <summary>Creates the table; nothing touches the database until the first call.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="logger">The logger; none when null.</param>
    public SqliteMembershipTable(SqliteStorageOptions options, ILogger<SqliteMembershipTable>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        SqliteStorageOptionsValidator.ThrowIfInvalid(SqliteStorageOptions.ClusteringOptionsName, options);

        ILogger log = logger ?? NullLogger<SqliteMembershipTable>.Instance;
        var dialect = new SqliteDialect(options);
        ClusterId = options.ClusterId;
        _store = new MembershipStore(dialect, options.ClusterId, log);
        _schema = new ComponentSchema(dialect, StorageComponent.Membership, SqliteMigrations.Membership, options.InitializeSchema, log);
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
}
