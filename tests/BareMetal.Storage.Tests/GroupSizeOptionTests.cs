using System.Globalization;
using BareMetal.Storage.Postgres;
using BareMetal.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace BareMetal.Storage.Tests;

/// <summary>The group size bound: validated at construction, and 1 (grouping off) still stores every write.</summary>
public sealed class GroupSizeOptionTests : IDisposable
{
    private readonly SqliteTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(SqliteStorageOptions.MaxGroupSizeLimit + 1)]
    public void Sqlite_GroupSizeOutOfRange_IsRefusedNamingTheOption(int size)
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            new SqliteGrainStorage("test", new SqliteStorageOptions { ConnectionString = _directory.NewDatabase(), MaxGroupSize = size }));

        Assert.Contains("SqliteStorageOptions.MaxGroupSize must be between 1 and 10000", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(PostgresStorageOptions.MaxGroupSizeLimit + 1)]
    public void Postgres_GroupSizeOutOfRange_IsRefusedNamingTheOption(int size)
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            new PostgresGrainStorage("test", new PostgresStorageOptions { ConnectionString = "Host=127.0.0.1;Database=unused", MaxGroupSize = size }));

        Assert.Contains("PostgresStorageOptions.MaxGroupSize must be between 1 and 10000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sqlite_GroupSizeOne_ConcurrentWritesAllCommit()
    {
        var storage = new SqliteGrainStorage("test", new SqliteStorageOptions { ConnectionString = _directory.NewDatabase(), MaxGroupSize = 1 });
        await storage.EnsureSchemaAsync(CancellationToken.None);
        var keys = Enumerable.Range(0, 50).Select(i => new GrainStateKey("group-size", i.ToString(CultureInfo.InvariantCulture), "state")).ToArray();

        var eTags = await Task.WhenAll(keys.Select(key => Task.Run(() => storage.WriteAsync(key, new byte[] { 1, 2, 3 }, null, CancellationToken.None))));

        Assert.All(eTags, eTag => Assert.Equal("1", eTag));
        Assert.All(await Task.WhenAll(keys.Select(key => storage.ReadAsync(key, CancellationToken.None))), stored => Assert.Equal(new byte[] { 1, 2, 3 }, stored?.Payload));
    }
}
