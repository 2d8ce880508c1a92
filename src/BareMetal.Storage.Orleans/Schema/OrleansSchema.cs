using BareMetal.Storage.Orleans.Postgres;
using BareMetal.Storage.Orleans.Sqlite;
using BareMetal.Storage.Postgres;
using BareMetal.Storage.Schema;
using BareMetal.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace BareMetal.Storage.Orleans.Schema;

/// <summary>
/// The tables and <c>OrleansQuery</c> rows of the Orleans providers on one database, migrated by today's
/// migration runner (numbered scripts per component, one locked transaction, recorded in <c>schema_version</c>).
/// </summary>
public sealed class OrleansSchema : ISchemaInitializer, IAsyncDisposable
{
    private readonly IReadOnlyList<ComponentSchema> _components;
    private readonly IAsyncDisposable? _owned;

    private OrleansSchema(IReadOnlyList<ComponentSchema> components, IAsyncDisposable? owned)
    {
        _components = components;
        _owned = owned;
    }

    /// <summary>The clustering, reminder and grain-state tables on PostgreSQL, in the options' schema.</summary>
    public static OrleansSchema ForPostgres(PostgresStorageOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dialect = new PostgresDialect(options);
        var schema = dialect.QuotedSchema;
        return new OrleansSchema(
            [
                new ComponentSchema(dialect, OrleansComponent.Clustering, PostgresOrleansMigrations.Clustering(schema), ensureOnStart: true, logger),
                new ComponentSchema(dialect, OrleansComponent.Reminders, PostgresOrleansMigrations.Reminders(schema), ensureOnStart: true, logger),
                new ComponentSchema(dialect, OrleansComponent.Persistence, PostgresOrleansMigrations.Persistence(schema), ensureOnStart: true, logger),
            ],
            dialect);
    }

    /// <summary>The clustering, reminder and grain-state tables in a SQLite file.</summary>
    public static OrleansSchema ForSqlite(SqliteStorageOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dialect = new SqliteDialect(options);
        return new OrleansSchema(
            [
                new ComponentSchema(dialect, OrleansComponent.Clustering, SqliteOrleansMigrations.Clustering, ensureOnStart: true, logger),
                new ComponentSchema(dialect, OrleansComponent.Reminders, SqliteOrleansMigrations.Reminders, ensureOnStart: true, logger),
                new ComponentSchema(dialect, OrleansComponent.Persistence, SqliteOrleansMigrations.Persistence, ensureOnStart: true, logger),
            ],
            owned: null);
    }

    /// <inheritdoc />
    public async Task<int> EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        // One after another: they share the database's migration lock anyway.
        var applied = 0;
        foreach (var component in _components)
        {
            applied += await component.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        }

        return applied;
    }

    /// <summary>Closes the connection pool the migrations used, if the engine has one.</summary>
    public ValueTask DisposeAsync() => _owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
