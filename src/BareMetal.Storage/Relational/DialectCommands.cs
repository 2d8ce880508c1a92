using System.Data.Common;
using BareMetal.Storage.Schema;

namespace BareMetal.Storage.Relational;

/// <summary>
/// One command on a connection of its own, the shape of every store call that needs no transaction:
/// open, bind, run, dispose. Store calls that share a connection or transaction build their commands themselves.
/// </summary>
internal static class DialectCommands
{
    public static Task<int> ExecuteNonQueryAsync(this IMigrationTarget target, string sql, Action<DbCommand> bind, CancellationToken cancellationToken) =>
        RunAsync(target, sql, bind, static (command, ct) => command.ExecuteNonQueryAsync(ct), cancellationToken);

    public static Task<object?> ExecuteScalarAsync(this IMigrationTarget target, string sql, Action<DbCommand> bind, CancellationToken cancellationToken) =>
        RunAsync(target, sql, bind, static (command, ct) => command.ExecuteScalarAsync(ct), cancellationToken);

    /// <summary>Reads every row of the result with <paramref name="read"/>.</summary>
    public static Task<List<T>> QueryAsync<T>(this IMigrationTarget target, string sql, Action<DbCommand> bind, Func<DbDataReader, T> read, CancellationToken cancellationToken) =>
        RunAsync(
            target,
            sql,
            bind,
            async (command, ct) =>
            {
                var rows = new List<T>();
                var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        rows.Add(read(reader));
                    }
                }

                return rows;
            },
            cancellationToken);

    private static async Task<TResult> RunAsync<TResult>(
        IMigrationTarget target,
        string sql,
        Action<DbCommand> bind,
        Func<DbCommand, CancellationToken, Task<TResult>> run,
        CancellationToken cancellationToken)
    {
        var connection = await target.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = sql;
                bind(command);
                return await run(command, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
