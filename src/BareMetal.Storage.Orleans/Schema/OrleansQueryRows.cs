using System.Text;

namespace BareMetal.Storage.Orleans.Schema;

/// <summary>
/// Orleans' AdoNet providers read their SQL at start from a table named <c>OrleansQuery</c>
/// (<c>QueryKey</c>, <c>QueryText</c>); the name and the columns are fixed by Orleans. Each component's
/// migration creates the table when missing and writes its own rows, so a changed statement ships as a new
/// migration that rewrites its row.
/// </summary>
internal static class OrleansQueryRows
{
    /// <summary>Creates the table; the same text works on PostgreSQL and SQLite.</summary>
    public static string CreateTable(string qualifiedName) => $"""
        CREATE TABLE IF NOT EXISTS {qualifiedName} (
            QueryKey varchar(64) NOT NULL PRIMARY KEY,
            QueryText text NOT NULL
        );

        """;

    /// <summary>Upserts every row of <paramref name="queries"/>; the same text works on PostgreSQL and SQLite.</summary>
    public static string Upsert(string qualifiedName, IReadOnlyDictionary<string, string> queries)
    {
        var sql = new StringBuilder();
        foreach (var (key, text) in queries.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            sql.Append("INSERT INTO ").Append(qualifiedName).Append(" (QueryKey, QueryText) VALUES ('")
                .Append(key).Append("', '").Append(text.Replace("'", "''", StringComparison.Ordinal))
                .Append("') ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;\n");
        }

        return sql.ToString();
    }
}
