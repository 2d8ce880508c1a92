using BareMetal.Storage.Schema;

namespace BareMetal.Storage.Sqlite;

/// <summary>The SQLite schema scripts. Append new versions; never edit a shipped one.</summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<Migration> GrainStorage { get; } =
    [
        new(1, "grain_state table", """
            CREATE TABLE grain_state (
                grain_type TEXT NOT NULL,
                grain_key TEXT NOT NULL,
                state_name TEXT NOT NULL,
                payload BLOB NULL,
                version INTEGER NOT NULL,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (grain_type, grain_key, state_name)
            ) WITHOUT ROWID;
            """),
    ];

    // Reminders, Membership and GrainDirectory created the tables of the runtime BareMetal ran on before Microsoft
    // Orleans. No provider migrates them any more (Orleans' reminders and membership live in the tables of
    // BareMetal.Storage.Orleans), but a database written by that version holds these tables at these versions, with
    // their schema_version rows. They stay here, unchanged, as the record of what such a database holds: never
    // renumber them or reuse their component names, and drop the tables only in a new migration.
    public static IReadOnlyList<Migration> Reminders { get; } =
    [
        new(1, "reminders table and grain hash index", """
            CREATE TABLE reminders (
                grain_type TEXT NOT NULL,
                grain_key TEXT NOT NULL,
                reminder_name TEXT NOT NULL,
                grain_hash INTEGER NOT NULL CHECK (grain_hash BETWEEN 0 AND 4294967295),
                start_at TEXT NOT NULL,
                period_ticks INTEGER NOT NULL,
                version INTEGER NOT NULL,
                PRIMARY KEY (grain_type, grain_key, reminder_name)
            ) WITHOUT ROWID;
            CREATE INDEX ix_reminders_grain_hash ON reminders (grain_hash);
            """),
    ];

    public static IReadOnlyList<Migration> Membership { get; } =
    [
        new(1, "membership table", """
            CREATE TABLE membership (
                cluster_id TEXT NOT NULL,
                silo_address TEXT NOT NULL,
                host TEXT NOT NULL,
                port INTEGER NOT NULL,
                generation INTEGER NOT NULL,
                silo_name TEXT NOT NULL,
                status INTEGER NOT NULL,
                gateway_port INTEGER NOT NULL,
                start_time TEXT NOT NULL,
                i_am_alive_time TEXT NOT NULL,
                suspicions TEXT NOT NULL,
                version INTEGER NOT NULL,
                PRIMARY KEY (cluster_id, silo_address)
            ) WITHOUT ROWID;
            """),
    ];

    public static IReadOnlyList<Migration> GrainDirectory { get; } =
    [
        new(1, "grain_directory table and silo index", """
            CREATE TABLE grain_directory (
                cluster_id TEXT NOT NULL,
                grain_type TEXT NOT NULL,
                grain_key TEXT NOT NULL,
                silo_address TEXT NOT NULL,
                epoch INTEGER NOT NULL,
                registered_at TEXT NOT NULL,
                PRIMARY KEY (cluster_id, grain_type, grain_key)
            ) WITHOUT ROWID;
            CREATE INDEX ix_grain_directory_silo ON grain_directory (cluster_id, silo_address);
            """),
    ];
}
