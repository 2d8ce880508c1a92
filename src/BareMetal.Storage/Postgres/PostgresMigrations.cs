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

    public static IReadOnlyList<Migration> Membership(string quotedSchema) => Bind(quotedSchema,
    [
        new(1, "membership table", """
            CREATE TABLE {schema}.membership (
                cluster_id text NOT NULL,
                silo_address text NOT NULL,
                host text NOT NULL,
                port integer NOT NULL,
                generation bigint NOT NULL,
                silo_name text NOT NULL,
                status integer NOT NULL,
                gateway_port integer NOT NULL,
                start_time timestamptz NOT NULL,
                i_am_alive_time timestamptz NOT NULL,
                suspicions text NOT NULL,
                version bigint NOT NULL,
                PRIMARY KEY (cluster_id, silo_address)
            );
            """),
    ]);

    public static IReadOnlyList<Migration> GrainDirectory(string quotedSchema) => Bind(quotedSchema,
    [
        new(1, "grain_directory table and silo index", """
            CREATE TABLE {schema}.grain_directory (
                cluster_id text NOT NULL,
                grain_type text NOT NULL,
                grain_key text NOT NULL,
                silo_address text NOT NULL,
                epoch bigint NOT NULL,
                registered_at timestamptz NOT NULL,
                PRIMARY KEY (cluster_id, grain_type, grain_key)
            );
            CREATE INDEX ix_grain_directory_silo ON {schema}.grain_directory (cluster_id, silo_address);
            """),
    ]);

    private static Migration[] Bind(string quotedSchema, Migration[] migrations) =>
        Array.ConvertAll(migrations, m => m with { Sql = m.Sql.Replace(SchemaPlaceholder, quotedSchema, StringComparison.Ordinal) });
}
