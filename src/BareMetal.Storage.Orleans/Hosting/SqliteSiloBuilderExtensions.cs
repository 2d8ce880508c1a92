using BareMetal.Storage.Orleans.GrainStorage;
using BareMetal.Storage.Orleans.Hosting;
using BareMetal.Storage.Orleans.Schema;
using BareMetal.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;

namespace BareMetal.Storage.Orleans;

/// <summary>Runs an Orleans silo on a SQLite file with our SQL: clustering, reminders and grain storage (the embedded default).</summary>
public static class SqliteSiloBuilderExtensions
{
    /// <summary>
    /// Clusters the silo and keeps its reminders in a SQLite file through Orleans' ADO.NET providers (invariant
    /// <c>System.Data.SQLite</c>, served by Microsoft.Data.Sqlite) with our SQL, and creates or migrates the schema
    /// (ours, versioned; WAL mode) when the silo starts, before any provider reads its queries. The cluster is
    /// Orleans' <c>ClusterOptions.ClusterId</c>.
    /// </summary>
    public static ISiloBuilder UseBareMetalSqlite(this ISiloBuilder silo, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var options = Configure(configure, "clustering");
        UseReminders(silo, options);
        silo.UseAdoNetClustering(clustering =>
        {
            clustering.Invariant = AdoNetInvariants.Sqlite;
            clustering.ConnectionString = options.ConnectionString;
        });
        return silo;
    }

    /// <summary>
    /// Keeps the silo's reminders in a SQLite file (as <see cref="UseBareMetalSqlite"/>) for a silo that does not
    /// cluster through the database: the embedded default's single silo.
    /// </summary>
    public static ISiloBuilder UseBareMetalSqliteReminders(this ISiloBuilder silo, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(silo);
        UseReminders(silo, Configure(configure, "reminders"));
        return silo;
    }

    private static void UseReminders(ISiloBuilder silo, SqliteStorageOptions options)
    {
        AddSchema(silo.Services, options);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => LegacyReminderImport.ForSqlite(options.ConnectionString, provider.GetRequiredService<IReminderTable>(), provider.GetRequiredService<ILogger<LegacyReminderImport>>()));
        silo.UseAdoNetReminderService(reminders =>
        {
            reminders.Invariant = AdoNetInvariants.Sqlite;
            reminders.ConnectionString = options.ConnectionString;
        });
    }

    /// <summary>
    /// Adds our group-commit grain storage in a SQLite file (BareMetal.Storage's <c>grain_state</c> table) as the
    /// storage named <paramref name="name"/>; the table is migrated when the silo starts.
    /// </summary>
    /// <param name="silo">The silo.</param>
    /// <param name="name">The storage name used in <c>[PersistentState(stateName, name)]</c>.</param>
    /// <param name="configure">Sets the connection string, busy timeout and group size.</param>
    /// <param name="serializer">How states are stored; System.Text.Json (today's format) when null.</param>
    public static ISiloBuilder AddBareMetalSqliteGrainStorage(this ISiloBuilder silo, string name, Action<SqliteStorageOptions> configure, IGrainStorageSerializer? serializer = null) =>
        AddGroupCommit(silo, name, asDefault: false, configure, serializer);

    /// <summary>As <see cref="AddBareMetalSqliteGrainStorage"/>, and also as the default storage (one instance under both names).</summary>
    public static ISiloBuilder AddBareMetalSqliteGrainStorageAsDefault(this ISiloBuilder silo, string name, Action<SqliteStorageOptions> configure, IGrainStorageSerializer? serializer = null) =>
        AddGroupCommit(silo, name, asDefault: true, configure, serializer);

    /// <summary>
    /// Adds Orleans' own ADO.NET grain storage (Microsoft.Orleans.Persistence.AdoNet) in a SQLite file with our SQL, as
    /// the storage named <paramref name="name"/>: one statement, one connection and one transaction per write. It
    /// exists to be measured against <see cref="AddBareMetalSqliteGrainStorage"/>.
    /// </summary>
    public static ISiloBuilder AddSqliteAdoNetGrainStorage(this ISiloBuilder silo, string name, Action<SqliteStorageOptions> configure, IGrainStorageSerializer? serializer = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var options = Configure(configure, name);
        AddSchema(silo.Services, options);
        silo.AddAdoNetGrainStorage(name, (OptionsBuilder<AdoNetGrainStorageOptions> storage) => storage.Configure<IServiceProvider>((storageOptions, provider) =>
        {
            storageOptions.Invariant = AdoNetInvariants.Sqlite;
            storageOptions.ConnectionString = options.ConnectionString;
            storageOptions.GrainStorageSerializer = serializer ?? StateSerializers.Default(provider);
        }));
        return silo;
    }

    private static ISiloBuilder AddGroupCommit(ISiloBuilder silo, string name, bool asDefault, Action<SqliteStorageOptions> configure, IGrainStorageSerializer? serializer)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var options = Configure(configure, name);
        GrainStorageRegistration.Add(
            silo.Services,
            name,
            asDefault,
            serializer,
            provider => new SqliteGrainStorage(name, options, provider.GetService<ILogger<SqliteGrainStorage>>(), provider.GetService<TimeProvider>()));
        return silo;
    }

    private static SqliteStorageOptions Configure(Action<SqliteStorageOptions> configure, string name)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SqliteStorageOptions();
        configure(options);
        SqliteStorageOptionsValidator.ThrowIfInvalid(name, options);
        return options;
    }

    private static void AddSchema(IServiceCollection services, SqliteStorageOptions options) =>
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider =>
            new OrleansSchemaParticipant(OrleansSchema.ForSqlite(options, provider.GetRequiredService<ILoggerFactory>().CreateLogger<OrleansSchema>())));
}
