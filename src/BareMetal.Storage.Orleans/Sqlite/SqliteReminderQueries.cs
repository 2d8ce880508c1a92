namespace BareMetal.Storage.Orleans.Sqlite;

/// <summary>
/// Our SQLite statements for Orleans' ADO.NET reminder table; the contract is the PostgreSQL one
/// (see PostgresReminderQueries). SQLite 3.35 and later return the upserted version with RETURNING.
/// </summary>
internal static class SqliteReminderQueries
{
    private const string Columns = """
        grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period", version AS "Version"
        """;

    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["UpsertReminderRowKey"] = """
            INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, grain_hash, start_time, period_ms, version)
            VALUES (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period, 0)
            ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
            SET grain_hash = excluded.grain_hash, start_time = excluded.start_time, period_ms = excluded.period_ms, version = version + 1
            RETURNING version AS "Version"
            """,

        ["ReadReminderRowsKey"] = $$"""
            SELECT {{Columns}} FROM orleans_reminders
            WHERE service_id = @ServiceId AND grain_id = @GrainId
            """,

        ["ReadReminderRowKey"] = $$"""
            SELECT {{Columns}} FROM orleans_reminders
            WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
            """,

        ["ReadRangeRows1Key"] = $$"""
            SELECT {{Columns}} FROM orleans_reminders
            WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash
            """,

        ["ReadRangeRows2Key"] = $$"""
            SELECT {{Columns}} FROM orleans_reminders
            WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
            """,

        ["DeleteReminderRowKey"] = """
            DELETE FROM orleans_reminders
            WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version;
            SELECT changes() > 0;
            """,

        ["DeleteReminderRowsKey"] = """
            DELETE FROM orleans_reminders WHERE service_id = @ServiceId
            """,
    };
}
