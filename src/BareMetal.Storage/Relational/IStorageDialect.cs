using System.Data;
using System.Data.Common;
using BareMetal.Storage.Schema;

namespace BareMetal.Storage.Relational;

/// <summary>
/// What differs between the engines for the shared grain-state and reminder commands: connections,
/// table qualification and how a timestamp is stored. The DML itself is common SQL.
/// </summary>
internal interface IStorageDialect : IMigrationTarget
{
    /// <summary>The type timestamps are bound as.</summary>
    DbType TimestampType { get; }

    /// <summary>The table name as it appears in SQL (schema-qualified where the engine has schemas).</summary>
    string Qualify(string table);

    /// <summary>The parameter value for a UTC timestamp already truncated to microseconds.</summary>
    object ToDbTimestamp(DateTimeOffset value);

    /// <summary>Reads a timestamp written by <see cref="ToDbTimestamp"/>.</summary>
    DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal);
}
