using System.Data.Common;

namespace BareMetal.Storage.Schema;

/// <summary>The engine-specific half of a migration: how to open, lock and record versions on one database.</summary>
internal interface IMigrationTarget
{
    /// <summary>The engine name stored in <c>schema_version.engine</c>.</summary>
    string Engine { get; }

    /// <summary>The qualified name of the <c>schema_version</c> table.</summary>
    string VersionTable { get; }

    /// <summary>Creates the <c>schema_version</c> table when missing; runs inside the locked transaction.</summary>
    string CreateVersionTableSql { get; }

    /// <summary>Opens a connection ready for commands.</summary>
    ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts the migration transaction and takes the lock that serializes migrating processes; the
    /// lock is released when the transaction ends.
    /// </summary>
    ValueTask<DbTransaction> BeginLockedTransactionAsync(DbConnection connection, CancellationToken cancellationToken);
}
