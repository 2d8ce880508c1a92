using BareMetal.Runtime;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.GrainDirectory;
using BareMetal.Runtime.Reminders;
using BareMetal.Runtime.Storage;
using BareMetal.Storage.Postgres;
using BareMetal.Storage.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Hosting;

/// <summary>Registers the PostgreSQL grain storage, reminder table, membership table and grain directory on a silo.</summary>
public static class PostgresSiloBuilderExtensions
{
    /// <summary>
    /// Adds a PostgreSQL grain storage named <paramref name="name"/> (a keyed <see cref="IGrainStorage"/>).
    /// Options bind from configuration section <c>BareMetal:Storage:{name}</c>, then <paramref name="configure"/> runs.
    /// The schema is migrated at <see cref="SiloLifecycleStage.RuntimeStorage"/>.
    /// </summary>
    public static ISiloBuilder AddPostgresGrainStorage(this ISiloBuilder builder, string name, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);

        AddOptions(builder, name, $"BareMetal:Storage:{name}", configure);
        var services = builder.Services;
        services.AddKeyedSingleton(name, (sp, _) => new PostgresGrainStorage(
            name,
            sp.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(name),
            sp.GetService<ILogger<PostgresGrainStorage>>(),
            sp.GetService<TimeProvider>()));
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => sp.GetRequiredKeyedService<PostgresGrainStorage>(key));
        services.AddSingleton<ISiloLifecycleParticipant>(sp => new GrainStorageSchemaParticipant(sp.GetRequiredKeyedService<IGrainStorage>(name)));
        return builder;
    }

    /// <summary>Adds a PostgreSQL grain storage under <see cref="PersistentStateAttribute.DefaultStorageName"/>.</summary>
    public static ISiloBuilder AddPostgresGrainStorageAsDefault(this ISiloBuilder builder, Action<PostgresStorageOptions> configure) =>
        builder.AddPostgresGrainStorage(PersistentStateAttribute.DefaultStorageName, configure);

    /// <summary>
    /// Uses a PostgreSQL reminder table, replacing any registered <see cref="IReminderTable"/>. Options are named
    /// <see cref="PostgresStorageOptions.RemindersOptionsName"/> and bind from configuration section <c>BareMetal:Storage:Reminders</c>.
    /// </summary>
    public static ISiloBuilder UsePostgresReminders(this ISiloBuilder builder, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        const string Name = PostgresStorageOptions.RemindersOptionsName;
        AddOptions(builder, Name, "BareMetal:Storage:Reminders", configure);
        var services = builder.Services;
        services.TryAddSingleton(sp => new PostgresReminderTable(
            sp.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(Name),
            sp.GetService<ILogger<PostgresReminderTable>>()));
        services.RemoveAll<IReminderTable>();
        services.AddSingleton<IReminderTable>(sp => sp.GetRequiredService<PostgresReminderTable>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISiloLifecycleParticipant, ReminderTableSchemaParticipant>());
        return builder;
    }

    /// <summary>
    /// Uses PostgreSQL for the cluster's membership table and grain directory, replacing any registered
    /// <see cref="IMembershipTable"/> and <see cref="IGrainDirectory"/>. Options are named
    /// <see cref="PostgresStorageOptions.ClusteringOptionsName"/> and bind from configuration section <c>BareMetal:Storage:Clustering</c>;
    /// both keep only the rows of <see cref="PostgresStorageOptions.ClusterId"/>. The schemas are migrated at
    /// <see cref="SiloLifecycleStage.RuntimeStorage"/>.
    /// </summary>
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder builder, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        const string Name = PostgresStorageOptions.ClusteringOptionsName;
        AddOptions(builder, Name, "BareMetal:Storage:Clustering", configure);
        var services = builder.Services;
        services.TryAddSingleton(sp => new PostgresMembershipTable(
            sp.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(Name),
            sp.GetService<ILogger<PostgresMembershipTable>>()));
        services.TryAddSingleton(sp => new PostgresGrainDirectory(
            sp.GetRequiredService<IOptionsMonitor<PostgresStorageOptions>>().Get(Name),
            sp.GetService<ILogger<PostgresGrainDirectory>>(),
            sp.GetService<TimeProvider>()));
        services.RemoveAll<IMembershipTable>();
        services.AddSingleton<IMembershipTable>(sp => sp.GetRequiredService<PostgresMembershipTable>());
        services.RemoveAll<IGrainDirectory>();
        services.AddSingleton<IGrainDirectory>(sp => sp.GetRequiredService<PostgresGrainDirectory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISiloLifecycleParticipant, ClusteringSchemaParticipant>());
        return builder;
    }

    private static void AddOptions(ISiloBuilder builder, string name, string section, Action<PostgresStorageOptions> configure)
    {
        builder.Services.AddOptions<PostgresStorageOptions>(name)
            .Bind(builder.Configuration.GetSection(section))
            .Configure(configure)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresStorageOptions>, PostgresStorageOptionsValidator>());
    }
}
