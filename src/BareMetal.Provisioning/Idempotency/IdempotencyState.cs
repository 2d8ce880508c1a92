using BareMetal.Contracts.Idempotency;

namespace BareMetal.Provisioning.Idempotency;

/// <summary>The durable state of one idempotency key.</summary>
public sealed record IdempotencyState
{
    /// <summary>The fingerprint of the request the key belongs to; null when the key is free.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>The stored response. Rows written by earlier versions may lack it: they were reservations, and reserve nothing now.</summary>
    public StoredResponse? Response { get; init; }

    /// <summary>
    /// Written by earlier versions, which stored reservations; kept so their rows read. Reservations live in the
    /// key's activation now (see <see cref="IdempotencyGrain"/>).
    /// </summary>
    public DateTimeOffset LeaseExpiresAt { get; init; }

    /// <summary>When the key is forgotten.</summary>
    public DateTimeOffset ExpiresAt { get; init; }
}
