using BareMetal.Contracts.Idempotency;

namespace BareMetal.Provisioning.Idempotency;

/// <summary>The durable state of one idempotency key.</summary>
public sealed record IdempotencyState
{
    /// <summary>The fingerprint of the request the key belongs to; null when the key is free.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>The stored response; null while the request is being handled.</summary>
    public StoredResponse? Response { get; init; }

    /// <summary>Until when the acquirer may complete before another request may take the key over.</summary>
    public DateTimeOffset LeaseExpiresAt { get; init; }

    /// <summary>When the key is forgotten.</summary>
    public DateTimeOffset ExpiresAt { get; init; }
}
