using BareMetal.Contracts.Idempotency;
using Microsoft.Extensions.Options;

namespace BareMetal.Provisioning.Idempotency;

/// <summary>
/// See <see cref="IIdempotencyGrain"/>. Only a stored answer is durable: the reservation of a request being handled
/// lives in this activation's memory. When the silo holding it dies (with the request, or while the answer was being
/// stored), the next activation starts with the key free, so a retry runs the request again at once instead of being
/// told "in progress" until the lease runs out; running it again is safe because the node answers a repeated action
/// with the operation it already accepted. A key expires <see cref="IdempotencyOptions.Retention"/> after its answer was
/// stored: it is cleared when next touched after that, and by a reminder otherwise, so unused keys do not stay in storage.
/// </summary>
[GrainType("idempotency")]
public sealed class IdempotencyGrain(
    [PersistentState("idempotency")] IPersistentState<IdempotencyState> state,
    IOptions<IdempotencyOptions> options,
    TimeProvider timeProvider) : Grain, IIdempotencyGrain, IRemindable
{
    /// <summary>The reminder that forgets the key after its retention.</summary>
    public const string ExpiryReminder = "expire";

    private readonly IdempotencyOptions _options = options.Value;

    // The request being handled under this key, by this activation's silo, and until when it may take to answer.
    private string? _reservedFor;
    private DateTimeOffset _leaseExpiresAt;

    /// <inheritdoc />
    public Task<IdempotencyReservation> Reserve(string fingerprint, TimeSpan lease)
    {
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        var now = timeProvider.GetUtcNow();
        var stored = Stored(now);
        if (stored.Response is not null)
        {
            return Task.FromResult(stored.Fingerprint == fingerprint
                ? new IdempotencyReservation(IdempotencyOutcome.Replay, stored.Response)
                : new IdempotencyReservation(IdempotencyOutcome.Mismatch));
        }

        if (_reservedFor is { } holder && _leaseExpiresAt > now)
        {
            return Task.FromResult(new IdempotencyReservation(holder == fingerprint ? IdempotencyOutcome.InProgress : IdempotencyOutcome.Mismatch));
        }

        // Free, or the holder's lease ran out without an answer: the key is taken, for any body.
        _reservedFor = fingerprint;
        _leaseExpiresAt = now + lease;
        return Task.FromResult(new IdempotencyReservation(IdempotencyOutcome.Acquired));
    }

    /// <inheritdoc />
    public async Task Complete(string fingerprint, StoredResponse response)
    {
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        ArgumentNullException.ThrowIfNull(response);
        var now = timeProvider.GetUtcNow();
        var stored = Stored(now);
        if (stored.Response is not null)
        {
            if (stored.Fingerprint != fingerprint)
            {
                throw new InvalidOperationException("The idempotency key already holds the answer to another request.");
            }

            return;
        }

        // A request whose reservation was lost with its silo may still store its answer, unless another request holds the key.
        if (_reservedFor is { } holder && holder != fingerprint && _leaseExpiresAt > now)
        {
            throw new InvalidOperationException("The idempotency key is not reserved for this request (its lease ran out and another request took it, or it expired).");
        }

        if (!(state.RecordExists && state.State.Fingerprint is not null))
        {
            await this.RegisterOrUpdateReminder(ExpiryReminder, _options.Retention, _options.Retention);
        }

        state.State = new IdempotencyState { Fingerprint = fingerprint, Response = response, ExpiresAt = now + _options.Retention };
        await state.WriteStateAsync();
        _reservedFor = null;
    }

    /// <inheritdoc />
    public Task Release(string fingerprint)
    {
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        if (_reservedFor == fingerprint)
        {
            _reservedFor = null;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ExpiryReminder)
        {
            return;
        }

        if (state.State.Response is null || state.State.ExpiresAt <= timeProvider.GetUtcNow())
        {
            await Forget();
        }
    }

    // The stored answer, or nothing once the retention has passed. A row without an answer (written by earlier
    // versions, which stored reservations) reserves nothing.
    private IdempotencyState Stored(DateTimeOffset now) =>
        state.State.Response is null || state.State.ExpiresAt <= now ? new IdempotencyState() : state.State;

    private async Task Forget()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        state.State = new IdempotencyState();
        if (await this.GetReminder(ExpiryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        if (_reservedFor is null)
        {
            DeactivateOnIdle();
        }
    }
}
