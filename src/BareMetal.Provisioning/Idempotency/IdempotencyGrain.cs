using BareMetal.Contracts.Idempotency;
using Microsoft.Extensions.Options;

namespace BareMetal.Provisioning.Idempotency;

/// <summary>
/// See <see cref="IIdempotencyGrain"/>. A key expires <see cref="IdempotencyOptions.Retention"/> after its last
/// reservation or completion: it is cleared when next touched after that, and by a reminder otherwise, so unused
/// keys do not stay in storage.
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

    /// <inheritdoc />
    public async Task<IdempotencyReservation> Reserve(string fingerprint, TimeSpan lease)
    {
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        var now = timeProvider.GetUtcNow();
        var current = Live(now);
        if (current.Fingerprint is not null)
        {
            if (current.Response is not null)
            {
                return current.Fingerprint == fingerprint
                    ? new IdempotencyReservation(IdempotencyOutcome.Replay, current.Response)
                    : new IdempotencyReservation(IdempotencyOutcome.Mismatch);
            }

            if (current.LeaseExpiresAt > now)
            {
                return new IdempotencyReservation(current.Fingerprint == fingerprint ? IdempotencyOutcome.InProgress : IdempotencyOutcome.Mismatch);
            }

            // The holder's lease ran out without a response: the key is free again, for any body.
        }

        var armed = state.RecordExists && state.State.Fingerprint is not null;
        if (!armed)
        {
            await this.RegisterOrUpdateReminder(ExpiryReminder, _options.Retention, _options.Retention);
        }

        state.State = new IdempotencyState
        {
            Fingerprint = fingerprint,
            LeaseExpiresAt = now + lease,
            ExpiresAt = now + _options.Retention,
        };
        await state.WriteStateAsync();
        return new IdempotencyReservation(IdempotencyOutcome.Acquired);
    }

    /// <inheritdoc />
    public async Task Complete(string fingerprint, StoredResponse response)
    {
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        ArgumentNullException.ThrowIfNull(response);
        var now = timeProvider.GetUtcNow();
        var current = Live(now);
        if (current.Fingerprint != fingerprint)
        {
            throw new InvalidOperationException("The idempotency key is not reserved for this request (its lease ran out and another request took it, or it expired).");
        }

        if (current.Response is not null)
        {
            return;
        }

        state.State = current with { Response = response, ExpiresAt = now + _options.Retention };
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public async Task Release(string fingerprint)
    {
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        var current = Live(timeProvider.GetUtcNow());
        if (current.Fingerprint == fingerprint && current.Response is null)
        {
            await Forget();
        }
    }

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ExpiryReminder)
        {
            return;
        }

        if (state.State.Fingerprint is null || state.State.ExpiresAt <= timeProvider.GetUtcNow())
        {
            await Forget();
        }
    }

    // The state, or a free key once the retention has passed.
    private IdempotencyState Live(DateTimeOffset now) =>
        state.State.Fingerprint is not null && state.State.ExpiresAt <= now ? new IdempotencyState() : state.State;

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

        DeactivateOnIdle();
    }
}
