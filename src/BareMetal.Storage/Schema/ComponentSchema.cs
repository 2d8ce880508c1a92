using Microsoft.Extensions.Logging;

namespace BareMetal.Storage.Schema;

/// <summary>
/// The schema half every provider has: the migrator of its component on its database, and whether its
/// options let the silo run it on start. Providers forward <see cref="IStartupSchema"/> to this.
/// </summary>
internal sealed class ComponentSchema(IMigrationTarget target, string component, IReadOnlyList<Migration> migrations, bool ensureOnStart, ILogger logger)
    : IStartupSchema
{
    private readonly SchemaMigrator _migrator = new(target, component, migrations, logger);

    public bool EnsureSchemaOnStart => ensureOnStart;

    public Task<int> EnsureSchemaAsync(CancellationToken cancellationToken) => _migrator.EnsureAsync(cancellationToken);
}
