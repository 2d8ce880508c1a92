using BareMetal.Storage.Postgres;
using BareMetal.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace BareMetal.Storage.Tests;

/// <summary>A store refuses bad options when it is built, naming the property and never echoing the connection string.</summary>
public sealed class StorageOptionsValidationTests
{
    // Npgsql opens nothing until first use, so a PostgreSQL store builds without a server.
    private const string UnreachablePostgres = "Host=127.0.0.1;Port=1;Username=nobody";

    [Fact]
    public void Sqlite_WithoutConnectionString_FailsNamingThePropertyAndTheStorage()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => new SqliteGrainStorage("broken", new SqliteStorageOptions()));

        Assert.Equal("broken", failure.OptionsName);
        Assert.Contains("SqliteStorageOptions.ConnectionString must be set", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad-name")]
    [InlineData("x\"; DROP SCHEMA public; --")]
    public void Postgres_SchemaNameNotAnIdentifier_FailsNamingTheProperty(string schemaName)
    {
        var failure = Assert.Throws<OptionsValidationException>(() =>
            new PostgresGrainStorage("pg", new PostgresStorageOptions { ConnectionString = UnreachablePostgres, SchemaName = schemaName }));

        Assert.Equal("pg", failure.OptionsName);
        Assert.Contains("PostgresStorageOptions.SchemaName", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Port=1", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_MalformedConnectionString_FailsWithoutEchoingIt()
    {
        var failure = Assert.Throws<OptionsValidationException>(() =>
            new PostgresGrainStorage("pg", new PostgresStorageOptions { ConnectionString = "Password=hunter2;NoSuchKeyword=1" }));

        Assert.Contains("PostgresStorageOptions.ConnectionString", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BothEngines_ValidOptions_Build()
    {
        using var postgres = new PostgresGrainStorage("pg", new PostgresStorageOptions { ConnectionString = UnreachablePostgres });
        var sqlite = new SqliteGrainStorage("sqlite", new SqliteStorageOptions { ConnectionString = "Data Source=unused.db" });

        Assert.Equal("pg", postgres.Name);
        Assert.Equal("sqlite", sqlite.Name);
    }
}
