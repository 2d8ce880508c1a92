using BareMetal.Configuration;
using BareMetal.Runtime.Diagnostics;
using BareMetal.Runtime.Grains;
using BareMetal.Runtime.Invocation;
using BareMetal.Runtime.Manifest;
using BareMetal.Runtime.Messaging;
using BareMetal.Runtime.Messaging.Wire;
using BareMetal.Runtime.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BareMetal.Runtime.Client;

/// <summary>
/// A connection to a BareMetal cluster from another process: grain references obtained from
/// <see cref="GrainFactory"/> call grains through the cluster's gateways, with the same timeouts,
/// request context, exception types and cancellation as calls inside a silo.
/// </summary>
public sealed class ClusterClient : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly GatewayRouter _router;

    private ClusterClient(ServiceProvider services)
    {
        _services = services;
        _router = services.GetRequiredService<GatewayRouter>();
        GrainFactory = services.GetRequiredService<IGrainFactory>();
    }

    /// <summary>Creates references to grains in the cluster.</summary>
    public IGrainFactory GrainFactory { get; }

    /// <summary>How many gateways the client is connected to now.</summary>
    public int ConnectedGateways => _router.LiveGatewayCount;

    /// <summary>Connects to the cluster's gateways; fails when none answers.</summary>
    public static async Task<ClusterClient> ConnectAsync(ClusterClientOptions options, CancellationToken cancellationToken = default, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory ?? NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddMetrics();
        services.AddSingleton(options);
        services.AddOptions<MessagingOptions>().Configure(o => o.ResponseTimeout = options.ResponseTimeout);
        services.AddSingleton(_ => new GrainTypeManifest(GrainAssemblyDiscovery.Discover(options.GrainAssemblies), allowInterfaceNamedTypes: true));
        services.AddSingleton(sp => new RuntimeSerializer(new Lazy<IGrainReferenceResolver>(sp.GetRequiredService<GrainFactory>)));
        services.AddSingleton<IDeepCopier, DeepCopier>();
        services.AddSingleton<CallbackRegistry>();
        services.AddSingleton<RuntimeMetrics>();
        services.AddSingleton<MessageCodec>();
        services.AddSingleton<GatewayRouter>();
        services.AddSingleton<IMessageRouter>(sp => sp.GetRequiredService<GatewayRouter>());
        services.AddSingleton<InsideRuntimeClient>();
        services.AddSingleton<IGrainCallRuntime>(sp => sp.GetRequiredService<InsideRuntimeClient>());
        services.AddSingleton(sp => new GrainFactory(sp.GetRequiredService<GrainTypeManifest>(), sp.GetRequiredService<IGrainCallRuntime>()));
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainFactory>());
        var provider = services.BuildServiceProvider();
        try
        {
            await provider.GetRequiredService<GatewayRouter>().ConnectAsync(cancellationToken);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }

        return new ClusterClient(provider);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _router.DisposeAsync();
        await _services.DisposeAsync();
    }
}
