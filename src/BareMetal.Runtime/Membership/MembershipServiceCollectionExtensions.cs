using BareMetal.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BareMetal.Runtime.Membership;

/// <summary>Composes the membership agent into a silo's services (called by the silo's composition root).</summary>
internal static class MembershipServiceCollectionExtensions
{
    /// <summary>
    /// Registers options (section <see cref="MembershipOptions.SectionName"/>), the view service, the
    /// agent and its two lifecycle participants. The caller registers <see cref="ILocalSiloDetails"/>,
    /// an <c>IMembershipTable</c> and, with a transport, an <see cref="ISiloProber"/> (without one,
    /// <see cref="NoOpSiloProber"/> is used and only heartbeat age detects failures).
    /// </summary>
    public static IServiceCollection AddMembership(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MembershipOptions>().Bind(configuration.GetSection(MembershipOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MembershipOptions>, MembershipOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISiloProber, NoOpSiloProber>();
        services.TryAddSingleton<ClusterMembershipService>();
        services.TryAddSingleton<IClusterMembershipService>(sp => sp.GetRequiredService<ClusterMembershipService>());
        services.TryAddSingleton<MembershipAgent>();
        services.AddSingleton<ISiloLifecycleParticipant>(sp => sp.GetRequiredService<MembershipAgent>());
        services.AddSingleton(sp => sp.GetRequiredService<MembershipAgent>().ActiveStageParticipant);
        return services;
    }
}
