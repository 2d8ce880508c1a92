using BareMetal.Storage.Postgres;

namespace BareMetal.Storage.Tests;

/// <summary>
/// The PostgreSQL migration lock key may never change: a process of an older version migrating the same schema
/// must wait for a newer one, and the other way round. The values below are the keys every version has taken.
/// </summary>
public sealed class MigrationLockKeyTests
{
    [Theory]
    [InlineData("public", 9010921561352803032L)]
    [InlineData("baremetal", 9010921562097364402L)]
    public void For_Schema_IsTheKeyEveryVersionTakes(string schema, long key) =>
        Assert.Equal(key, MigrationLockKey.For(schema));

    [Fact]
    public void For_DifferentSchemas_DifferentKeys() =>
        Assert.NotEqual(MigrationLockKey.For("public"), MigrationLockKey.For("other"));
}
