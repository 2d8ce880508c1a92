
namespace BareMetal.Contracts.Idempotency;

/// <summary>
/// One client's idempotency key (keyed by <see cref="IdempotencyKeys.GrainKey"/>): remembers the request it was
/// first used with and the response given, so a retry gets the same response and a different request with the
/// same key is refused. Keys are forgotten after their retention (default 24 h).
/// </summary>
[Alias("baremetal.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts (or replays) the request whose body hashes to <paramref name="fingerprint"/>: acquired when the key is
    /// new (or its earlier holder's lease ran out without a response), replay with the stored response, in progress
    /// when another request with the same key is being handled now, mismatch when the key was used with another body.
    /// </summary>
    /// <param name="fingerprint">A hash of method, path and body.</param>
    /// <param name="lease">How long the acquirer has to <see cref="Complete"/> before another request may take over.</param>
    [Alias("Reserve")]
    Task<IdempotencyReservation> Reserve(string fingerprint, TimeSpan lease);

    /// <summary>Stores the response of the request that acquired the key.</summary>
    [Alias("Complete")]
    Task Complete(string fingerprint, StoredResponse response);

    /// <summary>Gives the key up without a response (the request failed in a way a retry may fix, e.g. 503).</summary>
    [Alias("Release")]
    Task Release(string fingerprint);
}
