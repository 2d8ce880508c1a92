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
}
