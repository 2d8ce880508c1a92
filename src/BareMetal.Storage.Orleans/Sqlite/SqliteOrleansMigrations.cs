using BareMetal.Storage.Orleans.Schema;
using BareMetal.Storage.Schema;

namespace BareMetal.Storage.Orleans.Sqlite;

/// <summary>
/// The SQLite schema scripts of the Orleans providers' tables and their rows in <c>OrleansQuery</c>.
/// Append new versions; never edit a shipped one.
/// </summary>
internal static class SqliteOrleansMigrations
{
    private const string QueryTable = "OrleansQuery";

    public static IReadOnlyList<Migration> Clustering { get; } =
    [
        new(1, "Orleans membership tables, version triggers and queries", OrleansQueryRows.CreateTable(QueryTable) + """
            CREATE TABLE orleans_membership_version (
                cluster_id TEXT NOT NULL PRIMARY KEY,
                version INTEGER NOT NULL,
                updated_at TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE orleans_membership (
                cluster_id TEXT NOT NULL,
                address TEXT NOT NULL,
                port INTEGER NOT NULL,
                generation INTEGER NOT NULL,
                silo_name TEXT NOT NULL,
                host_name TEXT NOT NULL,
                status INTEGER NOT NULL,
                proxy_port INTEGER NOT NULL,
                suspect_times TEXT NULL,
                start_time TEXT NOT NULL,
                i_am_alive_time TEXT NOT NULL,
                PRIMARY KEY (cluster_id, address, port, generation)
            ) WITHOUT ROWID;
            CREATE TRIGGER orleans_membership_inserted AFTER INSERT ON orleans_membership
            BEGIN
                UPDATE orleans_membership_version SET version = version + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                WHERE cluster_id = NEW.cluster_id;
            END;
            CREATE TRIGGER orleans_membership_changed AFTER UPDATE OF status, suspect_times ON orleans_membership
            BEGIN
                UPDATE orleans_membership_version SET version = version + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                WHERE cluster_id = NEW.cluster_id;
            END;

            """ + OrleansQueryRows.Upsert(QueryTable, SqliteClusteringQueries.All)),
    ];

    public static IReadOnlyList<Migration> Reminders { get; } =
    [
        new(1, "Orleans reminder table and queries", OrleansQueryRows.CreateTable(QueryTable) + """
            CREATE TABLE orleans_reminders (
                service_id TEXT NOT NULL,
                grain_id TEXT NOT NULL,
                reminder_name TEXT NOT NULL,
                grain_hash INTEGER NOT NULL,
                start_time TEXT NOT NULL,
                period_ms INTEGER NOT NULL,
                version INTEGER NOT NULL,
                PRIMARY KEY (service_id, grain_id, reminder_name)
            ) WITHOUT ROWID;
            CREATE INDEX ix_orleans_reminders_hash ON orleans_reminders (service_id, grain_hash);

            """ + OrleansQueryRows.Upsert(QueryTable, SqliteReminderQueries.All)),
    ];

    public static IReadOnlyList<Migration> Persistence { get; } =
    [
        new(1, "Orleans grain state table and queries", OrleansQueryRows.CreateTable(QueryTable) + """
            CREATE TABLE orleans_grain_state (
                service_id TEXT NOT NULL,
                grain_type TEXT NOT NULL,
                grain_id_n0 INTEGER NOT NULL,
                grain_id_n1 INTEGER NOT NULL,
                grain_id_extension TEXT NOT NULL,
                payload BLOB NULL,
                version INTEGER NOT NULL,
                modified_at TEXT NOT NULL,
                PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension)
            ) WITHOUT ROWID;

            """ + OrleansQueryRows.Upsert(QueryTable, SqlitePersistenceQueries.All)),
    ];
}
