namespace BareMetal.Storage.Orleans.Postgres;

/// <summary>
/// Our PostgreSQL statements for Orleans' ADO.NET reminder table (Microsoft.Orleans.Reminders.AdoNet), by the
/// query keys and parameter names that provider binds. <c>{schema}</c> stands for the quoted schema.
/// </summary>
/// <remarks>
/// A reminder is keyed by (service, grain, name); its integer version is the ETag, 0 when created and incremented
/// by every re-registration, and a delete succeeds only with the current one. <c>@GrainHash</c> arrives as the
/// signed 32-bit form of the grain's uniform hash, and Orleans picks <c>ReadRangeRows1Key</c> when the range does
/// not wrap in that signed order and <c>ReadRangeRows2Key</c> when it does; the column stores the same signed value.
/// <c>Period</c> is in milliseconds.
/// </remarks>
internal static class PostgresReminderQueries
{
    private const string Columns = """
        grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period", version AS "Version"
        """;

    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["UpsertReminderRowKey"] = """
            INSERT INTO {schema}.orleans_reminders AS r (service_id, grain_id, reminder_name, grain_hash, start_time, period_ms, version)
            VALUES (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period, 0)
            ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
            SET grain_hash = excluded.grain_hash, start_time = excluded.start_time, period_ms = excluded.period_ms, version = r.version + 1
            RETURNING version AS "Version"
            """,

        ["ReadReminderRowsKey"] = $$"""
            SELECT {{Columns}} FROM {schema}.orleans_reminders
            WHERE service_id = @ServiceId AND grain_id = @GrainId
            """,

        ["ReadReminderRowKey"] = $$"""
            SELECT {{Columns}} FROM {schema}.orleans_reminders
            WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
            """,

        ["ReadRangeRows1Key"] = $$"""
            SELECT {{Columns}} FROM {schema}.orleans_reminders
            WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash
            """,

        ["ReadRangeRows2Key"] = $$"""
            SELECT {{Columns}} FROM {schema}.orleans_reminders
            WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
            """,

        ["DeleteReminderRowKey"] = """
            WITH deleted AS (
                DELETE FROM {schema}.orleans_reminders
                WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
                RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM deleted)
            """,

        ["DeleteReminderRowsKey"] = """
            DELETE FROM {schema}.orleans_reminders WHERE service_id = @ServiceId
            """,
    };
}
