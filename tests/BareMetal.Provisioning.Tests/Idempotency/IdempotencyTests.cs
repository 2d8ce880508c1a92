using BareMetal.Contracts.Idempotency;
using BareMetal.Provisioning.Tests.Fleet;

namespace BareMetal.Provisioning.Tests.Idempotency;

public sealed class IdempotencyTests(FleetClusterFixture fixture) : IClassFixture<FleetClusterFixture>
{
    private static readonly TimeSpan s_lease = TimeSpan.FromMinutes(1);
    private static readonly StoredResponse s_accepted = new(202, "application/json", """{"id":"op-1"}""", "/api/operations/op-1");

    [Fact]
    public async Task The_first_request_acquires_the_key_and_a_retry_replays_its_response()
    {
        var key = NewKey();

        var first = await key.Reserve("body-a", s_lease);
        await key.Complete("body-a", s_accepted);
        var retry = await key.Reserve("body-a", s_lease);

        Assert.Equal(IdempotencyOutcome.Acquired, first.Outcome);
        Assert.Equal(IdempotencyOutcome.Replay, retry.Outcome);
        Assert.Equal(s_accepted, retry.Response);
    }

    [Fact]
    public async Task A_retry_while_the_first_request_runs_is_told_it_is_in_progress()
    {
        var key = NewKey();
        await key.Reserve("body-a", s_lease);

        var retry = await key.Reserve("body-a", s_lease);

        Assert.Equal(IdempotencyOutcome.InProgress, retry.Outcome);
        Assert.Null(retry.Response);
    }

    [Fact]
    public async Task Another_body_with_the_same_key_is_a_mismatch_before_and_after_completion()
    {
        var key = NewKey();
        await key.Reserve("body-a", s_lease);

        var whileRunning = await key.Reserve("body-b", s_lease);
        await key.Complete("body-a", s_accepted);
        var afterwards = await key.Reserve("body-b", s_lease);

        Assert.Equal(IdempotencyOutcome.Mismatch, whileRunning.Outcome);
        Assert.Equal(IdempotencyOutcome.Mismatch, afterwards.Outcome);
        Assert.Null(afterwards.Response);
    }

    [Fact]
    public async Task A_released_key_can_be_acquired_again_at_once()
    {
        var key = NewKey();
        await key.Reserve("body-a", s_lease);

        await key.Release("body-a");
        var again = await key.Reserve("body-b", s_lease);

        Assert.Equal(IdempotencyOutcome.Acquired, again.Outcome);
    }

    [Fact]
    public async Task A_holder_whose_lease_ran_out_loses_the_key_to_the_next_request()
    {
        var key = NewKey();
        await key.Reserve("body-a", TimeSpan.FromMilliseconds(300));
        var during = await key.Reserve("body-a", s_lease);

        var after = await ReserveUntilAsync(key, "body-a", IdempotencyOutcome.Acquired);
        await key.Complete("body-a", s_accepted);

        Assert.Equal(IdempotencyOutcome.InProgress, during.Outcome);
        Assert.Equal(IdempotencyOutcome.Acquired, after.Outcome);
        Assert.Equal(IdempotencyOutcome.Replay, (await key.Reserve("body-a", s_lease)).Outcome);
    }

    [Fact]
    public async Task Completing_with_another_body_than_the_reserved_one_is_refused()
    {
        var key = NewKey();
        await key.Reserve("body-a", s_lease);

        await Assert.ThrowsAsync<InvalidOperationException>(() => key.Complete("body-b", s_accepted));
        Assert.Equal(IdempotencyOutcome.InProgress, (await key.Reserve("body-a", s_lease)).Outcome);
    }

    [Fact]
    public void Keys_are_scoped_to_their_client()
    {
        Assert.NotEqual(IdempotencyKeys.GrainKey("alice", "k1"), IdempotencyKeys.GrainKey("bob", "k1"));
        Assert.NotEqual(IdempotencyKeys.GrainKey("a/b", "c"), IdempotencyKeys.GrainKey("a", "b/c"));
    }

    /// <summary>Time must pass for a lease to run out; no signal exists, so a short poll inside a deadline.</summary>
    internal static async Task<IdempotencyReservation> ReserveUntilAsync(IIdempotencyGrain key, string fingerprint, IdempotencyOutcome wanted)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            var reservation = await key.Reserve(fingerprint, s_lease);
            if (reservation.Outcome == wanted || DateTimeOffset.UtcNow > deadline)
            {
                return reservation;
            }

            await Task.Delay(50);
        }
    }

    private IIdempotencyGrain NewKey() =>
        fixture.GrainFactory.GetGrain<IIdempotencyGrain>(IdempotencyKeys.GrainKey("tests", Guid.NewGuid().ToString("N")));
}
