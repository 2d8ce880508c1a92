using System.Collections.Immutable;
using BareMetal.Contracts.Webhooks;

namespace BareMetal.Provisioning.Webhooks;

/// <summary>The registry's durable state: the subscriptions and each one's recent deliveries (newest first).</summary>
public sealed record WebhookRegistryState
{
    /// <summary>The subscriptions, oldest first.</summary>
    public ImmutableList<StoredSubscription> Subscriptions { get; init; } = [];

    /// <summary>Recent deliveries per subscription id, newest first.</summary>
    public ImmutableDictionary<string, ImmutableList<WebhookDeliveryView>> History { get; init; } =
        ImmutableDictionary<string, ImmutableList<WebhookDeliveryView>>.Empty;
}
