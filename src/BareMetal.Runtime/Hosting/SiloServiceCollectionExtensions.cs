using System.Reflection;
using BareMetal.Configuration;
using BareMetal.Runtime;
using BareMetal.Runtime.Activations;
using BareMetal.Runtime.Diagnostics;
using BareMetal.Runtime.Grains;
using BareMetal.Runtime.Invocation;
using BareMetal.Runtime.Manifest;
using BareMetal.Runtime.Messaging;
using BareMetal.Runtime.Reminders;
using BareMetal.Runtime.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BareMetal.Hosting;

/// <summary>Adds a BareMetal silo to a generic host.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>Adds a silo to the host being built, reading options from its configuration.</summary>
    public static IHostApplicationBuilder AddBareMetalSilo(this IHostApplicationBuilder builder, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddBareMetalSilo(builder.Configuration, configure);
        return builder;
    }

    /// <summary>Adds a silo's services. Options bind from the <c>BareMetal:*</c> sections of <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddBareMetalSilo(this IServiceCollection services, IConfiguration configuration, Action<ISiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<SiloOptions>().Bind(configuration.GetSection(SiloOptions.SectionName)).ValidateOnStart();
        services.AddOptions<MessagingOptions>().Bind(configuration.GetSection(MessagingOptions.SectionName)).ValidateOnStart();
        services.AddOptions<SchedulingOptions>().Bind(configuration.GetSection(SchedulingOptions.SectionName)).ValidateOnStart();
        services.AddOptions<GrainCollectionOptions>().Bind(configuration.GetSection(GrainCollectionOptions.SectionName)).ValidateOnStart();
        services.AddOptions<ReminderOptions>().Bind(configuration.GetSection(ReminderOptions.SectionName)).ValidateOnStart();
        services.AddOptions<GrainAssemblyOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SiloOptions>, RuntimeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingOptions>, RuntimeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulingOptions>, RuntimeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrainCollectionOptions>, RuntimeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReminderOptions>, RuntimeOptionsValidator>());

        services.AddMetrics();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RuntimeMetrics>();
        services.TryAddSingleton(sp => new GrainTypeManifest(
            GrainAssemblyDiscovery.Discover(sp.GetRequiredService<IOptions<GrainAssemblyOptions>>().Value.Assemblies)));
        services.AddOptions<GrainStateJsonOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrainStateJsonOptions>, GrainStateJsonOptionsValidator>());
        services.TryAddSingleton(sp => new RuntimeSerializer(
            new Lazy<IGrainReferenceResolver>(sp.GetRequiredService<GrainFactory>), sp.GetRequiredService<IOptions<GrainStateJsonOptions>>().Value.Contexts));
        services.TryAddSingleton<IPersistentStateFactory, BareMetal.Runtime.Persistence.PersistentStateFactory>();
        services.TryAddSingleton<IDeepCopier, DeepCopier>();
        services.TryAddSingleton<CallbackRegistry>();
        services.TryAddSingleton<Catalog>();
        services.TryAddSingleton<MessageCenter>();
        services.TryAddSingleton<IMessageRouter>(sp => sp.GetRequiredService<MessageCenter>());
        services.TryAddSingleton<IRemoteMessageSender, NoRemoteMessageSender>();
        services.TryAddSingleton(sp => new Runtime.Placement.GrainLocator(
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Runtime.Placement.GrainLocator>>(),
            sp.GetService<Runtime.Membership.ILocalSiloDetails>(),
            sp.GetService<Runtime.Membership.IClusterMembershipService>(),
            sp.GetService<Runtime.GrainDirectory.IGrainDirectory>()));
        services.TryAddSingleton<InsideRuntimeClient>();
        services.TryAddSingleton<IGrainCallRuntime>(sp => sp.GetRequiredService<InsideRuntimeClient>());
        services.TryAddSingleton(sp => new GrainFactory(sp.GetRequiredService<GrainTypeManifest>(), sp.GetRequiredService<IGrainCallRuntime>()));
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainFactory>());
        services.TryAddSingleton<GrainActivator>();
        services.TryAddSingleton<ReminderService>();
        services.TryAddSingleton<ActivationCollector>();
        services.TryAddSingleton<SiloRuntimeServices>();
        services.TryAddSingleton<Runtime.Diagnostics.ISiloStatistics>(sp => new Runtime.Diagnostics.SiloStatistics(
            sp.GetRequiredService<Catalog>(),
            sp.GetRequiredService<RuntimeMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<Runtime.Membership.ILocalSiloDetails>(),
            sp.GetService<Runtime.Membership.IClusterMembershipService>()));

        services.AddSingleton<ISiloLifecycleParticipant>(sp => sp.GetRequiredService<Catalog>());
        services.AddSingleton<ISiloLifecycleParticipant>(sp => sp.GetRequiredService<ActivationCollector>());
        services.AddSingleton<ISiloLifecycleParticipant>(sp => sp.GetRequiredService<ReminderService>());
        services.AddHostedService<SiloHostedService>();

        configure?.Invoke(new SiloBuilder(services, configuration));
        if (services.HasClustering())
        {
            services.AddClusterServices(configuration);
        }

        return services;
    }

    /// <summary>Adds an assembly whose grains the silo should run (only needed when it is not referenced by the entry assembly).</summary>
    public static ISiloBuilder AddGrainAssembly(this ISiloBuilder builder, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(assembly);
        builder.Services.Configure<GrainAssemblyOptions>(o => o.Assemblies.Add(assembly));
        return builder;
    }

    /// <summary>Configures an options class of the silo in code (after configuration binding).</summary>
    public static ISiloBuilder Configure<TOptions>(this ISiloBuilder builder, Action<TOptions> configure) where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure(configure);
        return builder;
    }
}
