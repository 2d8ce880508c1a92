using BareMetal.Provisioning.Drivers;
using BareMetal.Provisioning.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BareMetal.Hosting;

/// <summary>Registers what the node grain needs in a silo.</summary>
public static class NodeProvisioningServiceCollectionExtensions
{
    /// <summary>
    /// Adds the node grain's options, its change feed and <see cref="NodeDriverCallbackSink"/> as the
    /// <see cref="IDriverCallbackSink"/>. Drivers are not added here (this assembly cannot reference
    /// BareMetal.Drivers, which depends on it): call <c>AddSimulatedDrivers</c> or register an
    /// <c>IDriverRegistry</c> as well.
    /// </summary>
    public static IServiceCollection AddNodeProvisioning(this IServiceCollection services, Action<NodeProvisioningOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<NodeProvisioningOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NodeProvisioningOptions>, NodeProvisioningOptionsValidator>());
        services.TryAddSingleton<NodeChangeFeed>();
        services.TryAddSingleton<NodeDriverWork>();
        services.TryAddSingleton<INodeChangeObserver, NoNodeChangeObserver>();
        services.TryAddSingleton<IDriverCallbackSink, NodeDriverCallbackSink>();
        // Generated JSON writers for the grain states, which the grain storage uses ahead of reflection.
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver), Provisioning.Serialization.ProvisioningStateJsonContext.Default));
        return services;
    }
}
