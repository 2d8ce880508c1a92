using BareMetal.Client.Cluster;
using BareMetal.Contracts.Nodes;
using BareMetal.Runtime;
using BareMetal.Runtime.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the BareMetal cluster client as <see cref="IGrainFactory"/>.</summary>
public static class ClusterClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds a cluster client that connects when the host starts (through <see cref="ClusterClient.ConnectAsync"/>) and
    /// registers its grain factory as <see cref="IGrainFactory"/>. Only for services inside the trust boundary: they
    /// need the cluster secret and a route to the silos' gateway ports. Others use the HTTP API (AddBareMetalClient).
    /// </summary>
    /// <param name="services">The service collection (of a host: the connection is a hosted service).</param>
    /// <param name="configure">Sets the gateways (host:port), the cluster id and the cluster secret.</param>
    /// <exception cref="ArgumentException">No gateway is configured.</exception>
    public static IServiceCollection AddBareMetalClusterClient(this IServiceCollection services, Action<ClusterClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ClusterClientOptions();
        configure(options);
        if (options.Gateways.Count == 0)
        {
            throw new ArgumentException("The cluster client needs at least one gateway (host:port) in ClusterClientOptions.Gateways.", nameof(configure));
        }

        // The BareMetal grain interfaces (nodes, operations, fleet) are what this client is for.
        if (!options.GrainAssemblies.Contains(typeof(INodeGrain).Assembly))
        {
            options.GrainAssemblies.Add(typeof(INodeGrain).Assembly);
        }

        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ClusterClientConnection>(sp, options));
        services.AddHostedService(sp => sp.GetRequiredService<ClusterClientConnection>());
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<ClusterClientConnection>());
        return services;
    }
}
