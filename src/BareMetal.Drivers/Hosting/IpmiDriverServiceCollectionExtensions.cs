using BareMetal.Drivers.Ipmi;
using BareMetal.Drivers.Ipmi.Lan;
using BareMetal.Provisioning.Drivers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BareMetal.Hosting;

/// <summary>Registers the "ipmi" hardware type.</summary>
public static class IpmiDriverServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IpmiHardwareDriver"/> as an <see cref="IHardwareDriver"/>, its <see cref="IpmiToolRunner"/>
    /// (one per process: the bound on concurrent ipmitool processes is per process), its <see cref="IpmiLanClient"/>
    /// (one per process: sessions are shared by the nodes of a BMC, requests bounded per process) and validated
    /// <see cref="IpmiDriverOptions"/>. Also registers the simulated drivers, whose agent writes images for ipmi nodes.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adjusts the options; optional.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddIpmiDriver(this IServiceCollection services, Action<IpmiDriverOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSimulatedDrivers();
        var options = services.AddOptions<IpmiDriverOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IpmiDriverOptions>, IpmiDriverOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IpmiToolRunner>();
        services.TryAddSingleton<IpmiLanClient>();
        // Calling this twice must not register "ipmi" twice (the registry rejects duplicate names).
        if (!services.Any(d => d.ServiceType == typeof(IpmiHardwareDriver)))
        {
            services.AddSingleton<IpmiHardwareDriver>();
            services.AddSingleton<IHardwareDriver>(sp => sp.GetRequiredService<IpmiHardwareDriver>());
        }

        return services;
    }
}
