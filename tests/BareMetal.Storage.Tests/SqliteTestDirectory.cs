using Microsoft.Data.Sqlite;

namespace BareMetal.Storage.Tests;

/// <summary>A temp directory of SQLite files for one test; deleted on dispose.</summary>
internal sealed class SqliteTestDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("baremetal-sqlite-").FullName;

    /// <summary>A connection string to a new file in the directory (created on first open).</summary>
    public string NewDatabase(string? relativePath = null) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = System.IO.Path.Combine(Path, relativePath ?? $"{Guid.NewGuid():N}.db"),
        }.ConnectionString;

    public void Dispose()
    {
        // Pooled connections hold the files open; closing idle ones lets the directory go cleanly.
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
