using BareMetal.Runtime;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.GrainDirectory;
using BareMetal.Storage.Relational;
using BareMetal.Storage.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BareMetal.Storage.Postgres;

/// <summary>
/// The grain directory of cluster <see cref="PostgresStorageOptions.ClusterId"/> in PostgreSQL: one
/// <c>grain_directory</c> row per grain naming the silo that holds its activation and the epoch.
/// Owns one connection pool.
/// </summary>
public sealed class PostgresGrainDirectory : IGrainDirectory, IStartupSchema, IAsyncDisposable, IDisposable
{
    // Each retry needs an unregister to delete the row between our two statements; a handful of
    // misses in a row means something is deleting registrations in a loop.
    private const int MaxRegisterAttempts = 8;

    private readonly PostgresDialect _dialect;
    private readonly GrainDirectoryStore _store;
    private readonly ComponentSchema _schema;

    /// <summary>Creates the directory and its data source; no connection opens until the first call.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <param name="timeProvider">The clock for <c>registered_at</c>; the system clock when null.</param>
    public PostgresGrainDirectory(PostgresStorageOptions options, ILogger<PostgresGrainDirectory>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        PostgresStorageOptionsValidator.ThrowIfInvalid(PostgresStorageOptions.ClusteringOptionsName, options);

        ILogger log = logger ?? NullLogger<PostgresGrainDirectory>.Instance;
        _dialect = new PostgresDialect(options);
        ClusterId = options.ClusterId;
        _store = new GrainDirectoryStore(_dialect, PostgresTextSet.Instance, options.ClusterId, timeProvider ?? TimeProvider.System, log);
        _schema = new ComponentSchema(_dialect, StorageComponent.GrainDirectory, PostgresMigrations.GrainDirectory(_dialect.QuotedSchema), options.InitializeSchema, log);
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
            for (var attempt = 1; ; attempt++)
            {
                // The upsert alone decides (it waits for a concurrent writer of the row, then re-checks
                // its WHERE on the committed row). When it returns nothing the holder stays and is read
                // by a second statement, which sees the latest commit under READ COMMITTED; only an
                // unregister between the two can make that read miss, and then the upsert inserts.
                var registration = await _store.TryWriteAsync(connection, null, grainId, silo, replaceable, cancellationToken).ConfigureAwait(false)
                    ?? await _store.ReadAsync(connection, null, grainId, cancellationToken).ConfigureAwait(false);
                if (registration is not null)
                {
                    _store.LogIfHeldElsewhere(grainId, silo, registration);
                    return registration;
                }

                if (attempt == MaxRegisterAttempts)
                {
                    throw new InvalidOperationException($"The registration of {grainId} was removed between writing and reading it {MaxRegisterAttempts} times in a row.");
                }
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

    /// <summary>Closes the connection pool.</summary>
    public ValueTask DisposeAsync() => _dialect.DisposeAsync();

    /// <summary>Closes the connection pool.</summary>
    public void Dispose() => _dialect.Dispose();
}
