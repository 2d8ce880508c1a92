using BareMetal.Provisioning.Fleet;
using BareMetal.Provisioning.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BareMetal.Hosting;

/// <summary>Registers the fleet-wide services of a silo: the node and operation indexes, idempotency keys and webhooks.</summary>
public static class FleetServiceCollectionExtensions
{
    /// <summary>
    /// Adds the fleet index (replacing the no-op <see cref="INodeChangeObserver"/> of <c>AddNodeProvisioning</c>,
    /// whichever is called first), its options bound from <see cref="FleetOptions.SectionName"/> and validated at start.
    /// </summary>
    public static IServiceCollection AddFleetServices(this IServiceCollection services, Action<FleetOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var fleet = services.AddOptions<FleetOptions>().BindConfiguration(FleetOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            fleet.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FleetOptions>, FleetOptionsValidator>());
        services.RemoveAll<INodeChangeObserver>();
        services.AddSingleton<INodeChangeObserver, FleetIndexObserver>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
