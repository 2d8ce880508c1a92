using BareMetal.Runtime;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.GrainDirectory;
using BareMetal.Runtime.Reminders;
using BareMetal.Runtime.Storage;
using BareMetal.Storage.Schema;
using BareMetal.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Hosting;

/// <summary>Registers the SQLite grain storage, reminder table, membership table and grain directory on a silo.</summary>
public static class SqliteSiloBuilderExtensions
{
    /// <summary>
    /// Adds a SQLite grain storage named <paramref name="name"/> (a keyed <see cref="IGrainStorage"/>).
    /// Options bind from configuration section <c>BareMetal:Storage:{name}</c>, then <paramref name="configure"/> runs.
    /// The schema is migrated at <see cref="SiloLifecycleStage.RuntimeStorage"/>.
    /// </summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);

        AddOptions(builder, name, $"BareMetal:Storage:{name}", configure);
        var services = builder.Services;
        services.AddKeyedSingleton(name, (sp, _) => new SqliteGrainStorage(
            name,
            sp.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(name),
            sp.GetService<ILogger<SqliteGrainStorage>>(),
            sp.GetService<TimeProvider>()));
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => sp.GetRequiredKeyedService<SqliteGrainStorage>(key));
        services.AddSingleton<ISiloLifecycleParticipant>(sp => new GrainStorageSchemaParticipant(sp.GetRequiredKeyedService<IGrainStorage>(name)));
        return builder;
    }

    /// <summary>Adds a SQLite grain storage under <see cref="PersistentStateAttribute.DefaultStorageName"/>.</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteStorageOptions> configure) =>
        builder.AddSqliteGrainStorage(PersistentStateAttribute.DefaultStorageName, configure);

    /// <summary>
    /// Uses a SQLite reminder table, replacing any registered <see cref="IReminderTable"/>. Options are named
    /// <see cref="SqliteStorageOptions.RemindersOptionsName"/> and bind from configuration section <c>BareMetal:Storage:Reminders</c>.
    /// </summary>
    public static ISiloBuilder UseSqliteReminders(this ISiloBuilder builder, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        const string Name = SqliteStorageOptions.RemindersOptionsName;
        AddOptions(builder, Name, "BareMetal:Storage:Reminders", configure);
        var services = builder.Services;
        services.TryAddSingleton(sp => new SqliteReminderTable(
            sp.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(Name),
            sp.GetService<ILogger<SqliteReminderTable>>()));
        services.RemoveAll<IReminderTable>();
        services.AddSingleton<IReminderTable>(sp => sp.GetRequiredService<SqliteReminderTable>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISiloLifecycleParticipant, ReminderTableSchemaParticipant>());
        return builder;
    }

    /// <summary>
    /// Uses SQLite for the cluster's membership table and grain directory, replacing any registered
    /// <see cref="IMembershipTable"/> and <see cref="IGrainDirectory"/>. Options are named
    /// <see cref="SqliteStorageOptions.ClusteringOptionsName"/> and bind from configuration section <c>BareMetal:Storage:Clustering</c>;
    /// both keep only the rows of <see cref="SqliteStorageOptions.ClusterId"/>. The schemas are migrated at
    /// <see cref="SiloLifecycleStage.RuntimeStorage"/>.
    /// </summary>
    public static ISiloBuilder UseSqliteClustering(this ISiloBuilder builder, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        const string Name = SqliteStorageOptions.ClusteringOptionsName;
        AddOptions(builder, Name, "BareMetal:Storage:Clustering", configure);
        var services = builder.Services;
        services.TryAddSingleton(sp => new SqliteMembershipTable(
            sp.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(Name),
            sp.GetService<ILogger<SqliteMembershipTable>>()));
        services.TryAddSingleton(sp => new SqliteGrainDirectory(
            sp.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(Name),
            sp.GetService<ILogger<SqliteGrainDirectory>>(),
            sp.GetService<TimeProvider>()));
        services.RemoveAll<IMembershipTable>();
        services.AddSingleton<IMembershipTable>(sp => sp.GetRequiredService<SqliteMembershipTable>());
        services.RemoveAll<IGrainDirectory>();
        services.AddSingleton<IGrainDirectory>(sp => sp.GetRequiredService<SqliteGrainDirectory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISiloLifecycleParticipant, ClusteringSchemaParticipant>());
        return builder;
    }

    private static void AddOptions(ISiloBuilder builder, string name, string section, Action<SqliteStorageOptions> configure)
    {
        builder.Services.AddOptions<SqliteStorageOptions>(name)
            .Bind(builder.Configuration.GetSection(section))
            .Configure(configure)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidator>());
    }
}
