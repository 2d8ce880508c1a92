using System.Collections.Immutable;

namespace BareMetal.Provisioning.Webhooks;

/// <summary>A subscription as the registry stores it (with its secret).</summary>
public sealed record StoredSubscription
{
    /// <summary>The id (wh-...).</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The URL.</summary>
    public string Url { get; init; } = string.Empty;

    /// <summary>The signing secret.</summary>
    public string Secret { get; init; } = string.Empty;

    /// <summary>The event types wanted; all when empty.</summary>
    public ImmutableList<string> EventTypes { get; init; } = [];

    /// <summary>The node filter.</summary>
    public string? NodeId { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>When it was registered.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
