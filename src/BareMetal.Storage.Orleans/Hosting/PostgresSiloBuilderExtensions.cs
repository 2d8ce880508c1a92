using BareMetal.Storage.Orleans.GrainStorage;
using BareMetal.Storage.Orleans.Hosting;
using BareMetal.Storage.Orleans.Schema;
using BareMetal.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Storage;

namespace BareMetal.Storage.Orleans;

/// <summary>Runs an Orleans silo on PostgreSQL with our SQL: clustering, reminders and grain storage.</summary>
public static class PostgresSiloBuilderExtensions
{
    /// <summary>
    /// Clusters the silo and keeps its reminders on PostgreSQL through Orleans' ADO.NET providers (invariant
    /// <c>Npgsql</c>) with our SQL, and creates or migrates the schema (ours, versioned) when the silo starts, before
    /// any provider reads its queries. The cluster is Orleans' <c>ClusterOptions.ClusterId</c>.
    /// </summary>
    public static ISiloBuilder UseBareMetalPostgres(this ISiloBuilder silo, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var options = Configure(configure, "clustering");
        UseReminders(silo, options);
        silo.UseAdoNetClustering(clustering =>
        {
            clustering.Invariant = AdoNetInvariants.Postgres;
            clustering.ConnectionString = PostgresOrleansConnection.For(options);
        });
        return silo;
    }

    /// <summary>
    /// Keeps the silo's reminders on PostgreSQL (as <see cref="UseBareMetalPostgres"/>) for a silo that does not
    /// cluster through the database.
    /// </summary>
    public static ISiloBuilder UseBareMetalPostgresReminders(this ISiloBuilder silo, Action<PostgresStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(silo);
        UseReminders(silo, Configure(configure, "reminders"));
        return silo;
    }

    private static void UseReminders(ISiloBuilder silo, PostgresStorageOptions options)
    {
        AddSchema(silo.Services, options);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => LegacyReminderImport.ForPostgres(options.ConnectionString, options.SchemaName, provider.GetRequiredService<IReminderTable>(), provider.GetRequiredService<ILogger<LegacyReminderImport>>()));
        silo.UseAdoNetReminderService(reminders =>
        {
            reminders.Invariant = AdoNetInvariants.Postgres;
            reminders.ConnectionString = PostgresOrleansConnection.For(options);
        });
    }

    /// <summary>
    /// Adds our group-commit grain storage on PostgreSQL (BareMetal.Storage's <c>grain_state</c> table) as the
    /// storage named <paramref name="name"/>; the table is migrated when the silo starts.
    /// </summary>
    /// <param name="silo">The silo.</param>
    /// <param name="name">The storage name used in <c>[PersistentState(stateName, name)]</c>.</param>
    /// <param name="configure">Sets the connection string, schema and group size.</param>
    /// <param name="serializer">How states are stored; System.Text.Json (today's format) when null.</param>
    public static ISiloBuilder AddBareMetalPostgresGrainStorage(this ISiloBuilder silo, string name, Action<PostgresStorageOptions> configure, IGrainStorageSerializer? serializer = null) =>
        AddGroupCommit(silo, name, asDefault: false, configure, serializer);

    /// <summary>As <see cref="AddBareMetalPostgresGrainStorage"/>, and also as the default storage (one instance under both names).</summary>
    public static ISiloBuilder AddBareMetalPostgresGrainStorageAsDefault(this ISiloBuilder silo, string name, Action<PostgresStorageOptions> configure, IGrainStorageSerializer? serializer = null) =>
        AddGroupCommit(silo, name, asDefault: true, configure, serializer);

    /// <summary>
    /// Adds Orleans' own ADO.NET grain storage (Microsoft.Orleans.Persistence.AdoNet) on PostgreSQL with our SQL, as the
    /// storage named <paramref name="name"/>: one statement and one connection per write, no grouping. It exists
    /// to be measured against <see cref="AddBareMetalPostgresGrainStorage"/>.
    /// </summary>
    public static ISiloBuilder AddPostgresAdoNetGrainStorage(this ISiloBuilder silo, string name, Action<PostgresStorageOptions> configure, IGrainStorageSerializer? serializer = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var options = Configure(configure, name);
        var connectionString = PostgresOrleansConnection.For(options);
        AddSchema(silo.Services, options);
        silo.AddAdoNetGrainStorage(name, (OptionsBuilder<AdoNetGrainStorageOptions> storage) => storage.Configure<IServiceProvider>((storageOptions, provider) =>
        {
            storageOptions.Invariant = AdoNetInvariants.Postgres;
            storageOptions.ConnectionString = connectionString;
            storageOptions.GrainStorageSerializer = serializer ?? StateSerializers.Default(provider);
        }));
        return silo;
    }

    private static ISiloBuilder AddGroupCommit(ISiloBuilder silo, string name, bool asDefault, Action<PostgresStorageOptions> configure, IGrainStorageSerializer? serializer)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var options = Configure(configure, name);
        GrainStorageRegistration.Add(
            silo.Services,
            name,
            asDefault,
            serializer,
            provider => new PostgresGrainStorage(name, options, provider.GetService<ILogger<PostgresGrainStorage>>(), provider.GetService<TimeProvider>()));
        return silo;
    }

    private static PostgresStorageOptions Configure(Action<PostgresStorageOptions> configure, string name)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new PostgresStorageOptions();
        configure(options);
        PostgresStorageOptionsValidator.ThrowIfInvalid(name, options);
        return options;
    }

    private static void AddSchema(IServiceCollection services, PostgresStorageOptions options) =>
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider =>
            new OrleansSchemaParticipant(OrleansSchema.ForPostgres(options, provider.GetRequiredService<ILoggerFactory>().CreateLogger<OrleansSchema>())));
}
