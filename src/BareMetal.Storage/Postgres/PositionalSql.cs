using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace BareMetal.Storage.Postgres;

/// <summary>
/// A statement written with <c>@name</c> parameters, rewritten once into PostgreSQL's own <c>$1, $2, ...</c> with the
/// names in position order. Npgsql sends positional statements as they are; named ones it parses and rewrites on
/// every execution, which showed in profiles of grouped writes.
/// </summary>
internal sealed partial class PositionalSql
{
    private static readonly ConcurrentDictionary<string, PositionalSql> s_cache = new(StringComparer.Ordinal);

    private PositionalSql(string text, string[] names)
    {
        Text = text;
        Names = names;
    }

    /// <summary>The statement with positional parameters.</summary>
    public string Text { get; }

    /// <summary>The parameter names (with their <c>@</c>) in position order: <c>Names[0]</c> is <c>$1</c>.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The rewrite of <paramref name="sql"/>; statements are a small fixed set, so each is rewritten once.</summary>
    public static PositionalSql Of(string sql) => s_cache.GetOrAdd(sql, Rewrite);

    private static PositionalSql Rewrite(string sql)
    {
        var names = new List<string>();
        var text = ParameterPattern().Replace(sql, match =>
        {
            var index = names.IndexOf(match.Value);
            if (index < 0)
            {
                names.Add(match.Value);
                index = names.Count - 1;
            }

            return new StringBuilder("$").Append(index + 1).ToString();
        });
        return new PositionalSql(text, [.. names]);
    }

    // Our statements hold no string literals or casts that look like parameters ("::" never precedes a letter here).
    [GeneratedRegex(@"(?<![:@\w])@[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex ParameterPattern();
}
