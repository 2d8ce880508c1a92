using BareMetal.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="BareMetalClient"/> as a typed HTTP client.</summary>
public static class BareMetalClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="BareMetalClient"/> as a typed client of <see cref="IHttpClientFactory"/>, with options validated at
    /// start. The returned builder can add message handlers or configure the primary handler.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the base address, API key, timeouts and retries.</param>
    public static IHttpClientBuilder AddBareMetalClient(this IServiceCollection services, Action<BareMetalClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<BareMetalClientOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BareMetalClientOptions>, BareMetalClientOptionsValidator>());
        return services.AddHttpClient<BareMetalClient>((sp, http) =>
        {
            // Each attempt has its own deadline (a long-poll's is longer), so the client-wide timeout is off.
            http.Timeout = Timeout.InfiniteTimeSpan;
            http.BaseAddress = sp.GetRequiredService<IOptions<BareMetalClientOptions>>().Value.BaseAddress;
        });
    }
}
