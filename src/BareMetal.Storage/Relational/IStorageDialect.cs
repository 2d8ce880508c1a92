using System.Data;
using System.Data.Common;
using BareMetal.Storage.Schema;

namespace BareMetal.Storage.Relational;

/// <summary>
/// What differs between the engines for the grain-state commands: connections,
/// table qualification and how a timestamp is stored. The DML itself is common SQL.
/// </summary>
internal interface IStorageDialect : IMigrationTarget
{
    /// <summary>The type timestamps are bound as.</summary>
    DbType TimestampType { get; }

    /// <summary>
    /// How many groups of one queue may run at once, each on its own connection. One keeps a single
    /// writer busy; more overlap building and sending the next group with the server executing one.
    /// </summary>
    int GroupsInFlight { get; }

    /// <summary>The table name as it appears in SQL (schema-qualified where the engine has schemas).</summary>
    string Qualify(string table);

    /// <summary>The parameter value for a UTC timestamp already truncated to microseconds.</summary>
    object ToDbTimestamp(DateTimeOffset value);

    /// <summary>
    /// Runs <paramref name="statements"/> in order, as few round trips as the engine allows, and calls
    /// <paramref name="readRow"/> with the statement's index for each statement that returned a row.
    /// When <paramref name="atomic"/>, they run as one transaction that has committed when this
    /// returns, and an exception means none of them took effect (or, when the connection broke while
    /// committing, that the outcome is unknown).
    /// </summary>
    Task ExecuteGroupAsync(DbConnection connection, IReadOnlyList<GroupStatement> statements, bool atomic, Action<int, DbDataReader> readRow, CancellationToken cancellationToken);

    /// <summary>
    /// Closes a connection on which a group failed, leaving nothing of the failure behind for the
    /// next user of the pooled connection.
    /// </summary>
    ValueTask ReleaseAfterFailureAsync(DbConnection connection);

    /// <summary>
    /// Whether <paramref name="error"/> was caused by the data of one statement (a value the engine
    /// rejects) rather than by the connection or the server: retrying the statements one by one then
    /// isolates the faulty one.
    /// </summary>
    bool IsRequestFault(Exception error);
}
