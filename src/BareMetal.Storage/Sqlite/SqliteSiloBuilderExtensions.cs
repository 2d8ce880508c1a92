using BareMetal.Runtime;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.GrainDirectory;
using BareMetal.Runtime.Reminders;
using BareMetal.Runtime.Storage;
using BareMetal.Storage.Sqlite;
using Registration = BareMetal.Storage.Registration.RelationalSiloRegistration<BareMetal.Storage.Sqlite.SqliteStorageOptions, BareMetal.Storage.Sqlite.SqliteStorageOptionsValidator>;

namespace BareMetal.Hosting;

/// <summary>Registers the SQLite grain storage, reminder table, membership table and grain directory on a silo.</summary>
public static class SqliteSiloBuilderExtensions
{
    /// <summary>
    /// Adds a SQLite grain storage named <paramref name="name"/> (a keyed <see cref="IGrainStorage"/>).
    /// Options bind from configuration section <c>BareMetal:Storage:{name}</c>, then <paramref name="configure"/> runs.
    /// The schema is migrated at <see cref="SiloLifecycleStage.RuntimeStorage"/>.
    /// </summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteStorageOptions> configure) =>
        Registration.AddGrainStorage<SqliteGrainStorage>(builder, name, configure, static (storageName, options, logger, clock) => new(storageName, options, logger, clock));

    /// <summary>Adds a SQLite grain storage under <see cref="PersistentStateAttribute.DefaultStorageName"/>.</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteStorageOptions> configure) =>
        builder.AddSqliteGrainStorage(PersistentStateAttribute.DefaultStorageName, configure);

    /// <summary>
    /// Uses a SQLite reminder table, replacing any registered <see cref="IReminderTable"/>. Options are named
    /// <see cref="SqliteStorageOptions.RemindersOptionsName"/> and bind from configuration section <c>BareMetal:Storage:Reminders</c>.
    /// </summary>
    public static ISiloBuilder UseSqliteReminders(this ISiloBuilder builder, Action<SqliteStorageOptions> configure) =>
        Registration.UseReminders<SqliteReminderTable>(builder, SqliteStorageOptions.RemindersOptionsName, configure, static (options, logger) => new(options, logger));

    /// <summary>
    /// Uses SQLite for the cluster's membership table and grain directory, replacing any registered
    /// <see cref="IMembershipTable"/> and <see cref="IGrainDirectory"/>. Options are named
    /// <see cref="SqliteStorageOptions.ClusteringOptionsName"/> and bind from configuration section <c>BareMetal:Storage:Clustering</c>;
    /// both keep only the rows of <see cref="SqliteStorageOptions.ClusterId"/>. The schemas are migrated at
    /// <see cref="SiloLifecycleStage.RuntimeStorage"/>.
    /// </summary>
    public static ISiloBuilder UseSqliteClustering(this ISiloBuilder builder, Action<SqliteStorageOptions> configure) =>
        Registration.UseClustering<SqliteMembershipTable, SqliteGrainDirectory>(
            builder,
            SqliteStorageOptions.ClusteringOptionsName,
            configure,
            static (options, logger) => new(options, logger),
            static (options, logger, clock) => new(options, logger, clock));
}
