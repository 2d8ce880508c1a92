using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans;
using Orleans.Runtime;

namespace BareMetal.Storage.Orleans.Hosting;

/// <summary>
/// Moves the reminders that BareMetal's own runtime kept (its <c>reminders</c> table: power syncs, step watches,
/// idempotency expiry) into Orleans' reminder table once, when the first silo of the new version starts on a data
/// directory or database written by the old one; the old rows are deleted as they are moved. Imported reminders
/// fire once Orleans' reminder service next reads its table (<c>ReminderOptions.RefreshReminderListPeriod</c>).
/// </summary>
internal sealed partial class LegacyReminderImport(
    Func<DbConnection> connect,
    string existsSql,
    string table,
    IReminderTable reminders,
    ILogger<LegacyReminderImport> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public static LegacyReminderImport ForSqlite(string connectionString, IReminderTable reminders, ILogger<LegacyReminderImport> logger) =>
        new(() => new SqliteConnection(connectionString), "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'reminders'", "reminders", reminders, logger);

    public static LegacyReminderImport ForPostgres(string connectionString, string schema, IReminderTable reminders, ILogger<LegacyReminderImport> logger)
    {
        var quoted = "\"" + schema.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        return new(() => new NpgsqlConnection(connectionString), $"SELECT count(*) FROM pg_tables WHERE schemaname = '{schema.Replace("'", "''", StringComparison.Ordinal)}' AND tablename = 'reminders'", quoted + ".reminders", reminders, logger);
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LegacyReminderImport), ServiceLifecycleStage.Active, ImportAsync);

    private async Task ImportAsync(CancellationToken cancellationToken)
    {
        var connection = connect();
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (Convert.ToInt64(await ScalarAsync(connection, existsSql, cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return;
            }

            var rows = await ReadAsync(connection, cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                await reminders.UpsertRow(new ReminderEntry
                {
                    GrainId = GrainId.Create(row.Type, row.Key),
                    ReminderName = row.Name,
                    StartAt = row.StartAt,
                    Period = TimeSpan.FromTicks(row.PeriodTicks),
                }, cancellationToken).ConfigureAwait(false);
                await DeleteAsync(connection, row.Type, row.Key, row.Name, cancellationToken).ConfigureAwait(false);
            }

            if (rows.Count > 0)
            {
                LogImported(rows.Count);
            }
        }
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql;
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<List<(string Type, string Key, string Name, DateTime StartAt, long PeriodTicks)>> ReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var rows = new List<(string Type, string Key, string Name, DateTime StartAt, long PeriodTicks)>();
        var read = connection.CreateCommand();
        await using (read.ConfigureAwait(false))
        {
            read.CommandText = $"SELECT grain_type, grain_key, reminder_name, start_at, period_ticks FROM {table}";
            var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var startAt = reader.GetValue(3) switch
                    {
                        DateTime at => at,
                        DateTimeOffset at => at.UtcDateTime,
                        var text => DateTimeOffset.Parse(Convert.ToString(text, System.Globalization.CultureInfo.InvariantCulture)!, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime,
                    };
                    rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTime.SpecifyKind(startAt, DateTimeKind.Utc), reader.GetInt64(4)));
                }
            }
        }

        return rows;
    }

    private async Task DeleteAsync(DbConnection connection, string type, string key, string name, CancellationToken cancellationToken)
    {
        var delete = connection.CreateCommand();
        await using (delete.ConfigureAwait(false))
        {
            delete.CommandText = $"DELETE FROM {table} WHERE grain_type = @type AND grain_key = @key AND reminder_name = @name";
            AddParameter(delete, "@type", type);
            AddParameter(delete, "@key", key);
            AddParameter(delete, "@name", name);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void AddParameter(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Count} reminders written before the move to Orleans into Orleans' reminder table")]
    private partial void LogImported(int count);
}
