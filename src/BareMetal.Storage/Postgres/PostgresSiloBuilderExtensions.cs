using BareMetal.Runtime;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.GrainDirectory;
using BareMetal.Runtime.Reminders;
using BareMetal.Runtime.Storage;
using BareMetal.Storage.Postgres;
using Registration = BareMetal.Storage.Registration.RelationalSiloRegistration<BareMetal.Storage.Postgres.PostgresStorageOptions, BareMetal.Storage.Postgres.PostgresStorageOptionsValidator>;

namespace BareMetal.Hosting;

/// <summary>Registers the PostgreSQL grain storage, reminder table, membership table and grain directory on a silo.</summary>
public static class PostgresSiloBuilderExtensions
{
    /// <summary>
    /// Adds a PostgreSQL grain storage named <paramref name="name"/> (a keyed <see cref="IGrainStorage"/>).
    /// Options bind from configuration section <c>BareMetal:Storage:{name}</c>, then <paramref name="configure"/> runs.
    /// The schema is migrated at <see cref="SiloLifecycleStage.RuntimeStorage"/>.
    /// </summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name, Action<PostgresStorageOptions> configure) =>
        Registration.AddGrainStorage<PostgresGrainStorage>(builder, name, configure, static (storageName, options, logger, clock) => new(storageName, options, logger, clock));

    /// <summary>Adds a PostgreSQL grain storage under <see cref="PersistentStateAttribute.DefaultStorageName"/>.</summary>
    public static ISiloBuilder AddPostgresGrainStorageAsDefault(this ISiloBuilder builder, Action<PostgresStorageOptions> configure) =>
        builder.AddPostgresGrainStorage(PersistentStateAttribute.DefaultStorageName, configure);

    /// <summary>
    /// Uses a PostgreSQL reminder table, replacing any registered <see cref="IReminderTable"/>. Options are named
    /// <see cref="PostgresStorageOptions.RemindersOptionsName"/> and bind from configuration section <c>BareMetal:Storage:Reminders</c>.
    /// </summary>
    public static ISiloBuilder UsePostgresReminders(this ISiloBuilder builder, Action<PostgresStorageOptions> configure) =>
        Registration.UseReminders<PostgresReminderTable>(builder, PostgresStorageOptions.RemindersOptionsName, configure, static (options, logger) => new(options, logger));

    /// <summary>
    /// Uses PostgreSQL for the cluster's membership table and grain directory, replacing any registered
    /// <see cref="IMembershipTable"/> and <see cref="IGrainDirectory"/>. Options are named
    /// <see cref="PostgresStorageOptions.ClusteringOptionsName"/> and bind from configuration section <c>BareMetal:Storage:Clustering</c>;
    /// both keep only the rows of <see cref="PostgresStorageOptions.ClusterId"/>. The schemas are migrated at
    /// <see cref="SiloLifecycleStage.RuntimeStorage"/>.
    /// </summary>
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder builder, Action<PostgresStorageOptions> configure) =>
        Registration.UseClustering<PostgresMembershipTable, PostgresGrainDirectory>(
            builder,
            PostgresStorageOptions.ClusteringOptionsName,
            configure,
            static (options, logger) => new(options, logger),
            static (options, logger, clock) => new(options, logger, clock));
}
