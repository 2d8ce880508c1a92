namespace BareMetal.Storage.Schema;

/// <summary>
/// A storage provider that owns database objects and can create or migrate them. A silo runs this when it
/// starts, before any grain reads its state; tests and tools call it directly.
/// </summary>
public interface ISchemaInitializer
{
    /// <summary>
    /// Creates the provider's tables or applies the migrations they lack. Safe to call repeatedly and
    /// from several processes at once: the migrations run under a database-wide lock in one transaction.
    /// </summary>
    /// <param name="cancellationToken">Cancels the migration; the transaction is rolled back.</param>
    /// <returns>The number of migrations applied by this call; 0 when the schema was already current.</returns>
    Task<int> EnsureSchemaAsync(CancellationToken cancellationToken);
}
