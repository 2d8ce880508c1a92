using BareMetal.Provisioning.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BareMetal.Hosting;

/// <summary>Registers the silo side of the cluster dashboard.</summary>
public static class ClusterStatisticsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the reporter that sends this silo's figures to the cluster statistics grain while a dashboard watches.
    /// Needs a silo (its membership view, activation working set and incoming calls).
    /// </summary>
    public static IServiceCollection AddClusterStatistics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SiloCallCounter>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIncomingGrainCallFilter, SiloCallCounter>(sp => sp.GetRequiredService<SiloCallCounter>()));
        services.TryAddSingleton<ClusterStatisticsReporter>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, ClusterStatisticsReporter>(sp => sp.GetRequiredService<ClusterStatisticsReporter>()));
        return services;
    }
}
