using BareMetal.Provisioning.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BareMetal.Hosting;

/// <summary>Registers the silo side of the cluster dashboard.</summary>
public static class ClusterStatisticsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the reporter that sends this silo's figures to the cluster statistics grain while a dashboard watches.
    /// Needs a silo (its <c>ISiloStatistics</c>).
    /// </summary>
    public static IServiceCollection AddClusterStatistics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ClusterStatisticsReporter>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISiloLifecycleParticipant, ClusterStatisticsReporter>(sp => sp.GetRequiredService<ClusterStatisticsReporter>()));
        return services;
    }
}
