using BareMetal.Storage.Schema;

namespace BareMetal.Storage.Postgres;

/// <summary>The PostgreSQL schema scripts; <c>{schema}</c> stands for the quoted schema name. Append new versions; never edit a shipped one.</summary>
internal static class PostgresMigrations
{
    private const string SchemaPlaceholder = "{schema}";

    public static IReadOnlyList<Migration> GrainStorage(string quotedSchema) => Bind(quotedSchema,
    [
        new(1, "grain_state table", """
            CREATE TABLE {schema}.grain_state (
                grain_type text NOT NULL,
                grain_key text NOT NULL,
                state_name text NOT NULL,
                payload bytea NULL,
                version bigint NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (grain_type, grain_key, state_name)
            );
            """),
    ]);

    public static IReadOnlyList<Migration> Reminders(string quotedSchema) => Bind(quotedSchema,
    [
        new(1, "reminders table and grain hash index", """
            CREATE TABLE {schema}.reminders (
                grain_type text NOT NULL,
                grain_key text NOT NULL,
                reminder_name text NOT NULL,
                grain_hash bigint NOT NULL CHECK (grain_hash BETWEEN 0 AND 4294967295),
                start_at timestamptz NOT NULL,
                period_ticks bigint NOT NULL,
                version bigint NOT NULL,
                PRIMARY KEY (grain_type, grain_key, reminder_name)
            );
            CREATE INDEX ix_reminders_grain_hash ON {schema}.reminders (grain_hash);
            """),
    ]);

    private static Migration[] Bind(string quotedSchema, Migration[] migrations) =>
        Array.ConvertAll(migrations, m => m with { Sql = m.Sql.Replace(SchemaPlaceholder, quotedSchema, StringComparison.Ordinal) });
}
