using System.Net;
using BareMetal.Client.Cluster;
using Orleans.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the BareMetal cluster client: Orleans' <see cref="IClusterClient"/> with BareMetal's settings.</summary>
public static class ClusterClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds Orleans' cluster client, connected to the listed silo gateways when the host starts, as
    /// <see cref="IClusterClient"/> and <see cref="IGrainFactory"/>. Only for services inside the trust boundary: they
    /// need the cluster secret and a route to the silos' gateway ports. Others use the HTTP API (AddBareMetalClient).
    /// </summary>
    /// <param name="services">The service collection of a host (the client connects as a hosted service).</param>
    /// <param name="configure">Sets the gateways (host:port), the cluster id and the cluster secret.</param>
    /// <param name="configureClient">Further Orleans client configuration (client-side features such as Orleans' dashboard).</param>
    /// <exception cref="ArgumentException">No gateway is configured, or one is not host:port.</exception>
    public static IServiceCollection AddBareMetalClusterClient(this IServiceCollection services, Action<ClusterClientOptions> configure, Action<IClientBuilder>? configureClient = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ClusterClientOptions();
        configure(options);
        var gateways = options.DiscoverGateways is not null && options.Gateways.Count == 0 ? [] : ResolveGateways(options.Gateways);
        services.AddOrleansClient(client =>
        {
            client.UseBareMetalCluster(options, gateways);
            configureClient?.Invoke(client);
        });
        return services;
    }

    /// <summary>
    /// Points an Orleans client at BareMetal silos: the gateways (listed, or discovered when none are listed), cluster and
    /// service ids, the cluster secret.
    /// </summary>
    public static IClientBuilder UseBareMetalCluster(this IClientBuilder client, ClusterClientOptions options, IReadOnlyList<IPEndPoint> gateways)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gateways);
        if (gateways.Count > 0)
        {
            client.UseStaticClustering([.. gateways]);
        }
        else if (options.DiscoverGateways is { } discover)
        {
            discover(client);
        }
        else
        {
            throw new ArgumentException("The cluster client needs gateways: list them, or say where to discover them.", nameof(gateways));
        }

        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = options.GatewayListRefreshPeriod);
        client.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });
        client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = options.ResponseTimeout);
        // The caller's trace (an HTTP request at a gateway host) continues into the grain calls it makes.
        client.AddActivityPropagation();
        if (!string.IsNullOrEmpty(options.ClusterSecret))
        {
            client.UseClusterSecret(options.ClusterId, options.ClusterSecret);
        }

        return client;
    }

    /// <summary>Resolves host:port gateway entries to endpoints.</summary>
    /// <exception cref="ArgumentException">The list is empty, or an entry is not host:port.</exception>
    public static IReadOnlyList<IPEndPoint> ResolveGateways(IEnumerable<string> gateways)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        var endpoints = new List<IPEndPoint>();
        foreach (var gateway in gateways)
        {
            var colon = gateway.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(gateway.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
            {
                throw new ArgumentException($"Gateway '{gateway}' is not host:port.", nameof(gateways));
            }

            var host = gateway[..colon].Trim('[', ']');
            var address = IPAddress.TryParse(host, out var literal)
                ? literal
                : Dns.GetHostAddresses(host).FirstOrDefault() ?? throw new ArgumentException($"Gateway host '{host}' does not resolve.", nameof(gateways));
            endpoints.Add(new IPEndPoint(address, port));
        }

        if (endpoints.Count == 0)
        {
            throw new ArgumentException("The cluster client needs at least one gateway (host:port).", nameof(gateways));
        }

        return endpoints;
    }
}
