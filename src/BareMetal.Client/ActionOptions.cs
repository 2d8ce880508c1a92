namespace BareMetal.Client;

/// <summary>Optional settings of one action request.</summary>
public sealed record ActionOptions
{
    /// <summary>
    /// The Idempotency-Key to send; a new random one when null. Pass your own to make a request safe to repeat across
    /// process restarts (the server answers a repeat with the first answer).
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>A URL the server POSTs the operation's outcome to when it ends.</summary>
    public Uri? CallbackUrl { get; init; }

    /// <summary>The HMAC-SHA256 key for the callback's signature (at least 16 characters); the server's default when null.</summary>
    public string? CallbackSecret { get; init; }
}
