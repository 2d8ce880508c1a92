using BareMetal.Hosting;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.GrainDirectory;
using BareMetal.Runtime.Reminders;
using BareMetal.Runtime.Storage;
using BareMetal.Storage.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Storage.Registration;

/// <summary>
/// The silo registrations every relational engine makes; the engine's public <c>SiloBuilderExtensions</c>
/// supply its options type, validator and provider constructors. Parameter names match the public
/// methods so argument exceptions name the caller's parameters.
/// </summary>
/// <typeparam name="TOptions">The engine's options type.</typeparam>
/// <typeparam name="TValidator">The engine's options validator, registered once per options type.</typeparam>
internal static class RelationalSiloRegistration<TOptions, TValidator>
    where TOptions : class
    where TValidator : class, IValidateOptions<TOptions>
{
    private const string RemindersSection = "BareMetal:Storage:Reminders";
    private const string ClusteringSection = "BareMetal:Storage:Clustering";

    /// <summary>Adds a keyed grain storage named <paramref name="name"/> and the participant migrating it.</summary>
    public static ISiloBuilder AddGrainStorage<TStorage>(
        ISiloBuilder builder,
        string name,
        Action<TOptions> configure,
        Func<string, TOptions, ILogger<TStorage>?, TimeProvider?, TStorage> create)
        where TStorage : class, IGrainStorage
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);

        AddOptions(builder, name, $"BareMetal:Storage:{name}", configure);
        var services = builder.Services;
        services.AddKeyedSingleton(name, (sp, _) => create(
            name,
            ResolveOptions(sp, name),
            sp.GetService<ILogger<TStorage>>(),
            sp.GetService<TimeProvider>()));
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) => sp.GetRequiredKeyedService<TStorage>(key));

        // Typed as the service, not the participant: one participant per storage name, never
        // deduplicated against the reminder table's participant (see UseReminders).
        services.AddSingleton<ISiloLifecycleParticipant>(sp => new StartupSchemaParticipant(sp.GetRequiredKeyedService<IGrainStorage>(name)));
        return builder;
    }

    /// <summary>Replaces the reminder table and registers the participant migrating it once.</summary>
    public static ISiloBuilder UseReminders<TTable>(
        ISiloBuilder builder,
        string optionsName,
        Action<TOptions> configure,
        Func<TOptions, ILogger<TTable>?, TTable> create)
        where TTable : class, IReminderTable
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        AddOptions(builder, optionsName, RemindersSection, configure);
        var services = builder.Services;
        Replace<IReminderTable, TTable>(services, sp => create(ResolveOptions(sp, optionsName), sp.GetService<ILogger<TTable>>()));

        // Only the last table registration is used, so one participant migrates whichever it is,
        // however many UseXxxReminders calls were made (deduplicated on the participant type).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISiloLifecycleParticipant, StartupSchemaParticipant>(
            sp => new StartupSchemaParticipant(sp.GetRequiredService<IReminderTable>())));
        return builder;
    }

    /// <summary>Replaces the membership table and grain directory and registers the participant migrating them once.</summary>
    public static ISiloBuilder UseClustering<TMembership, TDirectory>(
        ISiloBuilder builder,
        string optionsName,
        Action<TOptions> configure,
        Func<TOptions, ILogger<TMembership>?, TMembership> createMembership,
        Func<TOptions, ILogger<TDirectory>?, TimeProvider?, TDirectory> createDirectory)
        where TMembership : class, IMembershipTable
        where TDirectory : class, IGrainDirectory
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        AddOptions(builder, optionsName, ClusteringSection, configure);
        var services = builder.Services;
        Replace<IMembershipTable, TMembership>(services, sp => createMembership(ResolveOptions(sp, optionsName), sp.GetService<ILogger<TMembership>>()));
        Replace<IGrainDirectory, TDirectory>(services, sp => createDirectory(
            ResolveOptions(sp, optionsName),
            sp.GetService<ILogger<TDirectory>>(),
            sp.GetService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISiloLifecycleParticipant, ClusteringSchemaParticipant>());
        return builder;
    }

    /// <summary>
    /// Registers the engine's provider once however many calls were made, and makes it the
    /// <typeparamref name="TService"/>, replacing whatever provider was registered before.
    /// </summary>
    private static void Replace<TService, TProvider>(IServiceCollection services, Func<IServiceProvider, TProvider> create)
        where TService : class
        where TProvider : class, TService
    {
        services.TryAddSingleton(create);
        services.RemoveAll<TService>();
        services.AddSingleton<TService>(sp => sp.GetRequiredService<TProvider>());
    }

    private static TOptions ResolveOptions(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name);

    private static void AddOptions(ISiloBuilder builder, string name, string section, Action<TOptions> configure)
    {
        builder.Services.AddOptions<TOptions>(name)
            .Bind(builder.Configuration.GetSection(section))
            .Configure(configure)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
    }
}
