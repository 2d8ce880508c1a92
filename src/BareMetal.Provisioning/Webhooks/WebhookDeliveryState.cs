using System.Collections.Immutable;
using BareMetal.Contracts.Operations;

namespace BareMetal.Provisioning.Webhooks;

/// <summary>The durable state of one delivery.</summary>
public sealed record WebhookDeliveryState
{
    /// <summary>What to deliver; null before <c>Prepare</c>.</summary>
    public WebhookDeliveryRequest? Request { get; init; }

    /// <summary>When it was prepared.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The attempts, oldest first.</summary>
    public ImmutableList<DeliveryAttempt> Attempts { get; init; } = [];

    /// <summary>When the next attempt is due; null once delivered or given up.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Whether a 2xx was received.</summary>
    public bool Delivered { get; init; }

    /// <summary>Whether the attempts ran out.</summary>
    public bool GaveUp { get; init; }

    /// <summary>Whether nothing is left to do.</summary>
    public bool Finished => Delivered || GaveUp;
}
