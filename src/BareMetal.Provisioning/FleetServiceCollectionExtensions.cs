using BareMetal.Provisioning.Fleet;
using BareMetal.Provisioning.Idempotency;
using BareMetal.Provisioning.Nodes;
using BareMetal.Provisioning.Operations;
using BareMetal.Provisioning.Serialization;
using BareMetal.Provisioning.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BareMetal.Hosting;

/// <summary>Registers the fleet-wide services of a silo: the node and operation indexes, idempotency keys and webhooks.</summary>
public static class FleetServiceCollectionExtensions
{
    /// <summary>
    /// Adds the fleet index (replacing the no-op <see cref="INodeChangeObserver"/> of <c>AddNodeProvisioning</c>,
    /// whichever is called first), the idempotency keys and the webhooks (subscriptions, operation callbacks, node
    /// events). Options are bound from <see cref="FleetOptions.SectionName"/>, <see cref="IdempotencyOptions.SectionName"/>
    /// and <see cref="WebhookOptions.SectionName"/>, and validated at start; the delegates apply over the configuration.
    /// </summary>
    public static IServiceCollection AddFleetServices(
        this IServiceCollection services,
        Action<FleetOptions>? configure = null,
        Action<WebhookOptions>? configureWebhooks = null,
        Action<IdempotencyOptions>? configureIdempotency = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var fleet = services.AddOptions<FleetOptions>().BindConfiguration(FleetOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            fleet.Configure(configure);
        }

        var webhooks = services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateOnStart();
        if (configureWebhooks is not null)
        {
            webhooks.Configure(configureWebhooks);
        }

        var idempotency = services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.SectionName).ValidateOnStart();
        if (configureIdempotency is not null)
        {
            idempotency.Configure(configureIdempotency);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FleetOptions>, FleetOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IdempotencyOptions>, IdempotencyOptionsValidator>());
        services.TryAddSingleton<WebhookPublisher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IOperationEventSink, WebhookPublisher>(sp => sp.GetRequiredService<WebhookPublisher>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INodeEventSink, WebhookPublisher>(sp => sp.GetRequiredService<WebhookPublisher>()));
        services.AddHttpClient(WebhookDeliveryGrain.HttpClientName);
        services.RemoveAll<INodeChangeObserver>();
        services.AddSingleton<INodeChangeObserver, FleetIndexObserver>();
        services.TryAddSingleton(TimeProvider.System);
        // Generated JSON writers for the grain states, which the grain storage uses ahead of reflection.
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver), ProvisioningStateJsonContext.Default));
        return services;
    }
}
