using BareMetal.Drivers;
using BareMetal.Drivers.Simulated;
using BareMetal.Provisioning.Drivers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BareMetal.Hosting;

/// <summary>Registers the simulated "fake-hardware" driver.</summary>
public static class SimulatedDriversServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SimulatedHardwareDriver"/> as an <see cref="IHardwareDriver"/>, its
    /// <see cref="SimulatedFleet"/>, validated <see cref="SimulatedDriverOptions"/> and the
    /// <see cref="IDriverRegistry"/>. The host must register an <see cref="IDriverCallbackSink"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adjusts the options; optional.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddSimulatedDrivers(this IServiceCollection services, Action<SimulatedDriverOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SimulatedDriverOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SimulatedDriverOptions>, SimulatedDriverOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var simulated = sp.GetRequiredService<IOptions<SimulatedDriverOptions>>().Value;
            return new SimulatedFleet(simulated.InitialPowerState, simulated.StateDirectory is { } path ? new SimulatedStateDirectory(path) : null);
        });
        // Calling this twice must not register "fake-hardware" twice (the registry rejects duplicate names).
        if (!services.Any(d => d.ServiceType == typeof(SimulatedHardwareDriver)))
        {
            services.AddSingleton<SimulatedHardwareDriver>();
            services.AddSingleton<IHardwareDriver>(sp => sp.GetRequiredService<SimulatedHardwareDriver>());
        }

        services.TryAddSingleton<IDriverRegistry, DriverRegistry>();
        return services;
    }
}
