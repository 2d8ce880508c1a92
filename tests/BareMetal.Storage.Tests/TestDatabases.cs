using Microsoft.Data.Sqlite;
using Npgsql;

namespace BareMetal.Storage.Tests;

/// <summary>Reads <c>schema_version</c> straight from the database, bypassing the providers under test.</summary>
internal static class TestDatabases
{
    public static async Task<IReadOnlyList<SchemaVersionRow>> ReadSqliteSchemaVersionsAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        return await ReadAsync(connection, "schema_version");
    }

    public static async Task<IReadOnlyList<SchemaVersionRow>> ReadPostgresSchemaVersionsAsync(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await ReadAsync(connection, $"\"{schema}\".schema_version");
    }

    private static async Task<IReadOnlyList<SchemaVersionRow>> ReadAsync(System.Data.Common.DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT engine, component, version FROM {table} WHERE applied_at IS NOT NULL ORDER BY engine, component, version";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<SchemaVersionRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new SchemaVersionRow(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return rows;
    }
}
