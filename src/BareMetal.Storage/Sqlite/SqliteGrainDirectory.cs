using BareMetal.Runtime;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.GrainDirectory;
using BareMetal.Storage.Relational;
using BareMetal.Storage.Schema;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BareMetal.Storage.Sqlite;

/// <summary>
/// The grain directory of cluster <see cref="SqliteStorageOptions.ClusterId"/> in a SQLite file: one
/// <c>grain_directory</c> row per grain naming the silo that holds its activation and the epoch.
/// </summary>
public sealed class SqliteGrainDirectory : IGrainDirectory, IStartupSchema
{
    private readonly SqliteDialect _dialect;
    private readonly GrainDirectoryStore _store;
    private readonly ComponentSchema _schema;

    /// <summary>Creates the directory; nothing touches the database until the first call.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <param name="timeProvider">The clock for <c>registered_at</c>; the system clock when null.</param>
    public SqliteGrainDirectory(SqliteStorageOptions options, ILogger<SqliteGrainDirectory>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        SqliteStorageOptionsValidator.ThrowIfInvalid(SqliteStorageOptions.ClusteringOptionsName, options);

        ILogger log = logger ?? NullLogger<SqliteGrainDirectory>.Instance;
        _dialect = new SqliteDialect(options);
        ClusterId = options.ClusterId;
        _store = new GrainDirectoryStore(_dialect, SqliteTextSet.Instance, options.ClusterId, timeProvider ?? TimeProvider.System, log);
        _schema = new ComponentSchema(_dialect, StorageComponent.GrainDirectory, SqliteMigrations.GrainDirectory, options.InitializeSchema, log);
    }

    /// <summary>The cluster whose registrations this directory reads and writes.</summary>
    public string ClusterId { get; }

    bool IStartupSchema.EnsureSchemaOnStart => _schema.EnsureSchemaOnStart;

    /// <inheritdoc />
    public async Task<GrainRegistration> RegisterAsync(GrainId grainId, SiloAddress silo, IReadOnlyCollection<SiloAddress> replaceableSilos, CancellationToken cancellationToken)
    {
        GrainDirectoryStore.Validate(grainId);
        ArgumentNullException.ThrowIfNull(silo);
        var replaceable = GrainDirectoryStore.ToStrings(replaceableSilos, nameof(replaceableSilos));

        var connection = await _dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // BEGIN IMMEDIATE takes the file's write lock before the upsert (waiting up to busy_timeout),
            // so when the upsert leaves the row alone, the read that follows sees exactly that row: no
            // other process can delete or replace it in between. A deferred transaction would instead
            // fail with SQLITE_BUSY when two readers both try to upgrade to writing.
            var transaction = ((SqliteConnection)connection).BeginTransaction(deferred: false);
            await using (transaction.ConfigureAwait(false))
            {
                var registration = await _store.TryWriteAsync(connection, transaction, grainId, silo, replaceable, cancellationToken).ConfigureAwait(false)
                    ?? await _store.ReadAsync(connection, transaction, grainId, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The registration of {grainId} was neither written nor found under the write lock.");
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                _store.LogIfHeldElsewhere(grainId, silo, registration);
                return registration;
            }
        }
    }

    /// <inheritdoc />
    public Task<GrainRegistration?> LookupAsync(GrainId grainId, CancellationToken cancellationToken) =>
        _store.LookupAsync(grainId, cancellationToken);

    /// <inheritdoc />
    public Task<bool> UnregisterAsync(GrainRegistration registration, CancellationToken cancellationToken) =>
        _store.UnregisterAsync(registration, cancellationToken);

    /// <inheritdoc />
    public Task<int> UnregisterSilosAsync(IReadOnlyCollection<SiloAddress> silos, CancellationToken cancellationToken) =>
        _store.UnregisterSilosAsync(silos, cancellationToken);

    /// <inheritdoc />
    public Task<int> EnsureSchemaAsync(CancellationToken cancellationToken) => _schema.EnsureSchemaAsync(cancellationToken);

    /// <summary>The lookup statement, for the query-plan test.</summary>
    internal string LookupSql => _store.LookupSql;
}
