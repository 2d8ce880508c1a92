using BareMetal.Api.Ironic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Ironic-compatible API's services.</summary>
public static class IronicApiServiceCollectionExtensions
{
    /// <summary>
    /// Adds what <c>MapIronicApi</c> needs: validated <see cref="IronicApiOptions"/> bound from
    /// <see cref="IronicApiOptions.SectionName"/>. The host must provide an <c>IGrainFactory</c> (a silo or a cluster
    /// client) and register the authorization policies "reader", "operator" and "admin".
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration holding the options section.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddIronicApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IronicApiOptions>().Bind(configuration.GetSection(IronicApiOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IronicApiOptions>, IronicApiOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<NodeDirectory>();
        return services;
    }
}
