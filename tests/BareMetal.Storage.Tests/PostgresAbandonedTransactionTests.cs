using BareMetal.Storage.Postgres;
using BareMetal.TestInfrastructure;
using Npgsql;

namespace BareMetal.Storage.Tests;

/// <summary>
/// The stores' sessions carry a server-side limit on idle open transactions, so a silo frozen in the middle of a group
/// commit does not keep its row locks (and the writes of the silo that took its grains over) waiting until it wakes.
/// </summary>
[Collection(PostgresCollection.Name)]
[NeedsPostgres]
public sealed class PostgresAbandonedTransactionTests(PostgresServer server)
{
    [Fact]
    public async Task The_stores_sessions_have_the_server_end_a_transaction_left_idle()
    {
        var database = await server.GetDatabaseAsync(nameof(PostgresAbandonedTransactionTests));
        await using var dialect = new PostgresDialect(new PostgresStorageOptions { ConnectionString = database, AbandonedTransactionTimeout = TimeSpan.FromSeconds(1) });
        await using var connection = (NpgsqlConnection)await dialect.OpenConnectionAsync(CancellationToken.None);
        await using (var show = new NpgsqlCommand("SHOW idle_in_transaction_session_timeout", connection))
        {
            Assert.Equal("1s", (string?)await show.ExecuteScalarAsync());
        }

        await using var transaction = await connection.BeginTransactionAsync();
        await using (var first = new NpgsqlCommand("SELECT 1", connection, transaction))
        {
            await first.ExecuteScalarAsync();
        }

        // The scenario itself: the process stops between two statements of its transaction for longer than the limit.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await using var next = new NpgsqlCommand("SELECT 1", connection, transaction);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => next.ExecuteScalarAsync());
    }

    [Fact]
    public async Task The_stores_connections_buffer_a_whole_group_before_sending_it()
    {
        // A group sent in 8 KB pieces (Npgsql's default buffer) could be cut by a freeze between two pieces, leaving the
        // server holding the row locks of the statements it already ran, with no timeout to end the wait.
        var database = await server.GetDatabaseAsync(nameof(PostgresAbandonedTransactionTests));
        await using var dialect = new PostgresDialect(new PostgresStorageOptions { ConnectionString = database });
        await using var connection = (NpgsqlConnection)await dialect.OpenConnectionAsync(CancellationToken.None);
        Assert.Equal(PostgresDialect.GroupWriteBufferBytes, new NpgsqlConnectionStringBuilder(connection.ConnectionString).WriteBufferSize);
        Assert.True(PostgresDialect.GroupWriteBufferBytes >= new PostgresStorageOptions().MaxGroupSize * 6 * 1024, "a group of the largest node states fits the buffer");

        // A buffer the operator set is kept.
        await using var configured = new PostgresDialect(new PostgresStorageOptions { ConnectionString = database + ";Write Buffer Size=65536" });
        await using var own = (NpgsqlConnection)await configured.OpenConnectionAsync(CancellationToken.None);
        Assert.Equal(65536, new NpgsqlConnectionStringBuilder(own.ConnectionString).WriteBufferSize);
    }

    [Fact]
    public async Task Zero_leaves_the_server_setting()
    {
        var database = await server.GetDatabaseAsync(nameof(PostgresAbandonedTransactionTests));
        await using var dialect = new PostgresDialect(new PostgresStorageOptions { ConnectionString = database, AbandonedTransactionTimeout = TimeSpan.Zero });
        await using var connection = (NpgsqlConnection)await dialect.OpenConnectionAsync(CancellationToken.None);
        await using var show = new NpgsqlCommand("SHOW idle_in_transaction_session_timeout", connection);
        Assert.Equal("0", (string?)await show.ExecuteScalarAsync());
    }
}
