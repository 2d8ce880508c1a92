namespace BareMetal.Contracts.Idempotency;

/// <summary>What <see cref="IIdempotencyGrain.Reserve"/> decided.</summary>
public enum IdempotencyOutcome
{
    /// <summary>The caller handles the request and then completes or releases the key.</summary>
    Acquired,

    /// <summary>The same request was already answered: send <see cref="IdempotencyReservation.Response"/> again.</summary>
    Replay,

    /// <summary>The same key is being handled by another request right now (answer 409 and let the client retry).</summary>
    InProgress,

    /// <summary>The key was used with a different request (answer 422).</summary>
    Mismatch,
}

/// <summary>The answer of <see cref="IIdempotencyGrain.Reserve"/>.</summary>
/// <param name="Outcome">What to do.</param>
/// <param name="Response">For <see cref="IdempotencyOutcome.Replay"/>: the stored response.</param>
[GenerateSerializer, Alias("baremetal.IdempotencyReservation")]
public sealed record IdempotencyReservation([property: Id(0)] IdempotencyOutcome Outcome, [property: Id(1)] StoredResponse? Response = null);

/// <summary>A response kept for replay.</summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="ContentType">The content type of <paramref name="Body"/>.</param>
/// <param name="Body">The body text.</param>
/// <param name="Location">The Location header, if any.</param>
[GenerateSerializer, Alias("baremetal.StoredResponse")]
public sealed record StoredResponse([property: Id(0)] int StatusCode, [property: Id(1)] string ContentType, [property: Id(2)] string Body, [property: Id(3)] string? Location = null);
