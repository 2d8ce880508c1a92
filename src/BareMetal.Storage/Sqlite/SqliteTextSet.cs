using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using BareMetal.Storage.Relational;

namespace BareMetal.Storage.Sqlite;

/// <summary>SQLite has no arrays: the list travels as one JSON array text and <c>json_each</c> unpacks it.</summary>
internal sealed class SqliteTextSet : ITextSetSql
{
    public static SqliteTextSet Instance { get; } = new();

    public string Contains(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    public void AddParameter(DbCommand command, string parameter, IReadOnlyCollection<string> values)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        command.AddParameter(parameter, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
