using BareMetal.Configuration;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.Membership;
using BareMetal.Runtime.Messaging;
using BareMetal.Runtime.Messaging.Wire;
using BareMetal.Runtime.Networking;
using BareMetal.Runtime.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BareMetal.Hosting;

/// <summary>
/// Turns a silo into a cluster member when a membership table is registered (UsePostgresClustering,
/// UseSqliteClustering, or the in-memory table for tests): listeners, transport, membership agent,
/// remote messaging and directory-backed placement.
/// </summary>
internal static class ClusterServiceCollectionExtensions
{
    public static bool HasClustering(this IServiceCollection services) =>
        services.Any(d => d.ServiceType == typeof(IMembershipTable));

    public static IServiceCollection AddClusterServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EndpointOptions>().Bind(configuration.GetSection(EndpointOptions.SectionName)).ValidateOnStart();
        services.AddOptions<TransportOptions>().Bind(configuration.GetSection(TransportOptions.SectionName)).ValidateOnStart();

        // One cluster id for the whole silo: the transport handshake uses the silo's.
        services.AddOptions<TransportOptions>().Configure<Microsoft.Extensions.Options.IOptions<SiloOptions>>((transport, silo) => transport.ClusterId = silo.Value.ClusterId);

        services.AddMembership(configuration);
        services.TryAddSingleton<MessageCodec>();
        services.TryAddSingleton<SiloMessenger>();
        services.TryAddSingleton<ClusterEndpoints>();
        services.TryAddSingleton<ILocalSiloDetails>(sp => sp.GetRequiredService<ClusterEndpoints>());
        services.RemoveAll<ISiloProber>();
        services.AddSingleton<ISiloProber>(sp => sp.GetRequiredService<SiloMessenger>());
        services.RemoveAll<IRemoteMessageSender>();
        services.AddSingleton<IRemoteMessageSender>(sp => sp.GetRequiredService<SiloMessenger>());
        services.AddSingleton<ISiloLifecycleParticipant, ClusterNetworkService>();
        services.AddSingleton<ISiloLifecycleParticipant, ClusterLeaveAnnouncer>();
        services.AddSingleton<ISiloLifecycleParticipant, RelayDrainer>();
        return services;
    }
}
