using System.Data.Common;
using BareMetal.Storage.Relational;
using Npgsql;

namespace BareMetal.Storage.Postgres;

/// <summary>The list is bound as one <c>text[]</c> and matched with <c>= ANY(…)</c>.</summary>
internal sealed class PostgresTextSet : ITextSetSql
{
    public static PostgresTextSet Instance { get; } = new();

    public string Contains(string column, string parameter) => $"{column} = ANY({parameter})";

    public void AddParameter(DbCommand command, string parameter, IReadOnlyCollection<string> values) =>
        command.Parameters.Add(new NpgsqlParameter<string[]>(parameter, values as string[] ?? [.. values]));
}
