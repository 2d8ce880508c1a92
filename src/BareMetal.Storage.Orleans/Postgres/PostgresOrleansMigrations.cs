using BareMetal.Storage.Orleans.Schema;
using BareMetal.Storage.Schema;

namespace BareMetal.Storage.Orleans.Postgres;

/// <summary>
/// The PostgreSQL schema scripts of the Orleans providers' tables and their rows in <c>OrleansQuery</c>;
/// <c>{schema}</c> stands for the quoted schema name. Append new versions; never edit a shipped one.
/// </summary>
internal static class PostgresOrleansMigrations
{
    private const string SchemaPlaceholder = "{schema}";
    private const string QueryTable = "{schema}.OrleansQuery";

    public static IReadOnlyList<Migration> Clustering(string quotedSchema) => Bind(quotedSchema,
    [
        new(1, "Orleans membership tables and queries", OrleansQueryRows.CreateTable(QueryTable) + """
            CREATE TABLE {schema}.orleans_membership_version (
                cluster_id text NOT NULL PRIMARY KEY,
                version integer NOT NULL,
                updated_at timestamptz NOT NULL
            );
            CREATE TABLE {schema}.orleans_membership (
                cluster_id text NOT NULL,
                address text NOT NULL,
                port integer NOT NULL,
                generation integer NOT NULL,
                silo_name text NOT NULL,
                host_name text NOT NULL,
                status integer NOT NULL,
                proxy_port integer NOT NULL,
                suspect_times text NULL,
                start_time timestamptz NOT NULL,
                i_am_alive_time timestamptz NOT NULL,
                PRIMARY KEY (cluster_id, address, port, generation)
            );

            """ + OrleansQueryRows.Upsert(QueryTable, PostgresClusteringQueries.All)),
    ]);

    public static IReadOnlyList<Migration> Reminders(string quotedSchema) => Bind(quotedSchema,
    [
        new(1, "Orleans reminder table and queries", OrleansQueryRows.CreateTable(QueryTable) + """
            CREATE TABLE {schema}.orleans_reminders (
                service_id text NOT NULL,
                grain_id text NOT NULL,
                reminder_name text NOT NULL,
                grain_hash integer NOT NULL,
                start_time timestamptz NOT NULL,
                period_ms bigint NOT NULL,
                version integer NOT NULL,
                PRIMARY KEY (service_id, grain_id, reminder_name)
            );
            CREATE INDEX ix_orleans_reminders_hash ON {schema}.orleans_reminders (service_id, grain_hash);

            """ + OrleansQueryRows.Upsert(QueryTable, PostgresReminderQueries.All)),
    ]);

    // The same storage tuning as our grain_state table (payload kept in the row, lz4 where the server has it,
    // pages with room for in-place updates: see BareMetal.Storage's migrations), so a comparison of the two
    // grain storages measures the providers, not the table settings.
    public static IReadOnlyList<Migration> Persistence(string quotedSchema) => Bind(quotedSchema,
    [
        new(1, "Orleans grain state table and queries", OrleansQueryRows.CreateTable(QueryTable) + """
            CREATE TABLE {schema}.orleans_grain_state (
                service_id text NOT NULL,
                grain_type text NOT NULL,
                grain_id_n0 bigint NOT NULL,
                grain_id_n1 bigint NOT NULL,
                grain_id_extension text NOT NULL,
                payload bytea NULL,
                version integer NOT NULL,
                modified_at timestamptz NOT NULL,
                PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension)
            ) WITH (fillfactor = 70);
            ALTER TABLE {schema}.orleans_grain_state ALTER COLUMN payload SET STORAGE MAIN;
            DO $$
            BEGIN
                IF current_setting('server_version_num')::int >= 140000 THEN
                    EXECUTE 'ALTER TABLE {schema}.orleans_grain_state ALTER COLUMN payload SET COMPRESSION lz4';
                END IF;
            EXCEPTION WHEN feature_not_supported THEN
                NULL;
            END
            $$;

            """ + OrleansQueryRows.Upsert(QueryTable, PostgresPersistenceQueries.All)),
    ]);

    private static Migration[] Bind(string quotedSchema, Migration[] migrations) =>
        Array.ConvertAll(migrations, m => m with { Sql = m.Sql.Replace(SchemaPlaceholder, quotedSchema, StringComparison.Ordinal) });
}
