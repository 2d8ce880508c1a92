using System.Data.Common;

namespace BareMetal.Storage.Relational;

/// <summary>
/// How an engine matches a column against a list of strings bound as a single parameter, so a
/// statement's text does not depend on the list's length (PostgreSQL: a <c>text[]</c>; SQLite: a JSON array).
/// </summary>
internal interface ITextSetSql
{
    /// <summary>A predicate that is true when <paramref name="column"/> is one of the strings bound to <paramref name="parameter"/>.</summary>
    string Contains(string column, string parameter);

    /// <summary>Binds <paramref name="values"/> to <paramref name="parameter"/>.</summary>
    void AddParameter(DbCommand command, string parameter, IReadOnlyCollection<string> values);
}
