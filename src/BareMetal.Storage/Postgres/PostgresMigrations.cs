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

        // A node's state is a few KB and is rewritten on every accepted action. The default storage compresses it
        // with pglz and moves it out of line into the TOAST table (a heap insert, an index insert and a dead tuple
        // per chunk per write); that was most of the server's CPU per action. Keeping it in the row, compressed with
        // lz4 where the server has it, made accepted actions about 1.5 times faster (docs/benchmarks.md).
        new(2, "grain_state payload kept in line, lz4-compressed where available", """
            ALTER TABLE {schema}.grain_state ALTER COLUMN payload SET STORAGE MAIN;
            DO $$
            BEGIN
                IF current_setting('server_version_num')::int >= 140000 THEN
                    EXECUTE 'ALTER TABLE {schema}.grain_state ALTER COLUMN payload SET COMPRESSION lz4';
                END IF;
            EXCEPTION WHEN feature_not_supported THEN
                -- A server built without lz4 keeps pglz; the payload still stays in line.
                NULL;
            END
            $$;
            """),

        // A node's row is rewritten twice per action. An update that finds no room in its row's page writes the new
        // version elsewhere and adds an index entry for it; the index then fills with dead entries that every lookup
        // of that row steps over until vacuum runs. Leaving 30% of each page free for updates keeps most of them on
        // the page (heap-only updates, no index entry); accepted actions went from about 4,900/s to 5,150-5,280/s.
        new(3, "grain_state pages leave room for updates in place", """
            ALTER TABLE {schema}.grain_state SET (fillfactor = 70);
            """),
    ]);

    // Reminders, Membership and GrainDirectory created the tables of the runtime BareMetal ran on before Microsoft
    // Orleans. No provider migrates them any more (Orleans' reminders and membership live in the tables of
    // BareMetal.Storage.Orleans), but a database written by that version holds these tables at these versions, with
    // their schema_version rows. They stay here, unchanged, as the record of what such a database holds: never
    // renumber them or reuse their component names, and drop the tables only in a new migration.
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
