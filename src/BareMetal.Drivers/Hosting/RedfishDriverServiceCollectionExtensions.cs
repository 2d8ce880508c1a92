using BareMetal.Drivers.Redfish;
using BareMetal.Drivers.Simulated;
using BareMetal.Provisioning.Drivers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace BareMetal.Hosting;

/// <summary>Registers the "redfish" hardware type.</summary>
public static class RedfishDriverServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RedfishHardwareDriver"/> as an <see cref="IHardwareDriver"/> with validated
    /// <see cref="RedfishDriverOptions"/>, its HTTP clients (through <see cref="IHttpClientFactory"/>), the silo's
    /// session cache and request limiter, and the simulated drivers whose agent it hands image writes to.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adjusts the options; optional.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddRedfishDriver(this IServiceCollection services, Action<RedfishDriverOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSimulatedDrivers();
        var options = services.AddOptions<RedfishDriverOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedfishDriverOptions>, RedfishDriverOptionsValidator>());
        services.AddHttpClient();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HttpClientFactoryOptions>, RedfishHttpClientConfigurator>());
        services.TryAddSingleton<RedfishSessionCache>();
        services.TryAddSingleton(sp => new RedfishRequestLimiter(sp.GetRequiredService<IOptions<RedfishDriverOptions>>().Value.MaxConcurrentRequests));
        // Calling this twice must not register "redfish" twice (the registry rejects duplicate names).
        if (!services.Any(d => d.ServiceType == typeof(RedfishHardwareDriver)))
        {
            services.AddSingleton<RedfishHardwareDriver>();
            services.AddSingleton<IHardwareDriver>(sp => sp.GetRequiredService<RedfishHardwareDriver>());
        }

        return services;
    }
}
