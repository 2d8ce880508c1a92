using BareMetal.Storage.Postgres;

namespace BareMetal.Storage.Tests;

/// <summary>Named parameters rewritten into PostgreSQL's positional ones, so Npgsql sends statements without parsing them.</summary>
public sealed class PositionalSqlTests
{
    [Fact]
    public void Of_NamedParameters_NumbersEachNameOnceInOrderOfFirstUse()
    {
        var sql = PositionalSql.Of("UPDATE t SET a = @payload, at = @at WHERE k = @key AND v = @version AND again = @payload RETURNING version::bigint");

        Assert.Equal("UPDATE t SET a = $1, at = $2 WHERE k = $3 AND v = $4 AND again = $1 RETURNING version::bigint", sql.Text);
        Assert.Equal(["@payload", "@at", "@key", "@version"], sql.Names);
    }

    [Fact]
    public void Of_SameStatementTwice_IsRewrittenOnce()
    {
        const string Statement = "SELECT payload FROM t WHERE k = @key";

        Assert.Same(PositionalSql.Of(Statement), PositionalSql.Of(Statement));
    }
}
