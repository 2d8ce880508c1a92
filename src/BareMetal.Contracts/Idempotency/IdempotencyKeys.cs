namespace BareMetal.Contracts.Idempotency;

/// <summary>Grain keys of <see cref="IIdempotencyGrain"/>: a key is scoped to the client that sent it.</summary>
public static class IdempotencyKeys
{
    /// <summary>The longest key accepted (as Stripe and the IETF draft suggest, keys are short opaque strings).</summary>
    public const int MaxLength = 255;

    /// <summary>The grain key for <paramref name="key"/> sent by <paramref name="client"/> (an API key name, or "anonymous").</summary>
    public static string GrainKey(string client, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(client);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return $"{client.Length}:{client}/{key}";
    }
}
