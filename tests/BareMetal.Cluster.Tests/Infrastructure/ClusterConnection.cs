using System.Reflection;
using BareMetal.Client.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;
using Orleans.Serialization;

namespace BareMetal.Cluster.Tests.Infrastructure;

/// <summary>
/// An external Orleans client of a process cluster, configured as a service inside the trust boundary configures it
/// (<see cref="ClusterClientServiceCollectionExtensions.UseBareMetalCluster"/>: static gateways and the cluster
/// secret), in a host of its own so that disposing it closes its connections.
/// </summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    private readonly IHost _host;
    private int _liveGateways;

    private ClusterConnection(IHost host, int gateways)
    {
        _host = host;
        _liveGateways = gateways;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The Orleans client.</summary>
    public IClusterClient Client { get; }

    /// <summary>Grain references through this client.</summary>
    public IGrainFactory GrainFactory => Client;

    /// <summary>How many of its gateways the client considers alive (Orleans reports changes; it starts with all).</summary>
    public int ConnectedGateways => Volatile.Read(ref _liveGateways);

    /// <summary>Starts a client connected to <paramref name="options"/>' gateways; throws when it cannot connect.</summary>
    /// <param name="options">Cluster id, secret, gateways and response timeout.</param>
    /// <param name="grainAssemblies">Assemblies with the grain interfaces the client calls.</param>
    /// <param name="timeout">How long the connection may take.</param>
    public static async Task<ClusterConnection> ConnectAsync(ClusterClientOptions options, IEnumerable<Assembly> grainAssemblies, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(grainAssemblies);
        var gateways = options.DiscoverGateways is not null && options.Gateways.Count == 0
            ? []
            : ClusterClientServiceCollectionExtensions.ResolveGateways(options.Gateways);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        ClusterConnection? connection = null;
        var assemblies = grainAssemblies.ToList();
        builder.UseOrleansClient(client =>
        {
            client.UseBareMetalCluster(options, gateways);

            // The test host is not the entry assembly, so Orleans would not find the grain interfaces by itself.
            client.Services.AddSerializer(serializer =>
            {
                foreach (var assembly in assemblies)
                {
                    serializer.AddAssembly(assembly);
                }
            });
            client.AddGatewayCountChangedHandler((_, e) =>
            {
                if (connection is not null)
                {
                    Volatile.Write(ref connection._liveGateways, e.NumberOfConnectedGateways);
                }
            });
        });

        var host = builder.Build();
        connection = new ClusterConnection(host, gateways.Count);
        try
        {
            using var deadline = new CancellationTokenSource(timeout);
            await host.StartAsync(deadline.Token);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the client (closing its gateway connections).</summary>
    public async ValueTask DisposeAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _host.StopAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // A client whose gateways are all gone may not stop politely; it is disposed regardless.
        }

        _host.Dispose();
    }
}
