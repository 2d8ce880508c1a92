using BareMetal.Contracts.Idempotency;
using BareMetal.Hosting;
using BareMetal.Provisioning.Tests.Infrastructure;

namespace BareMetal.Provisioning.Tests.Idempotency;

/// <summary>
/// A key whose silo dies while its request is being handled (or while its answer is being stored) does not stay
/// "in progress" for the rest of the lease: the retry runs the request again as soon as the key answers from another
/// silo, and the late answer of the first request can still be stored.
/// </summary>
public sealed class IdempotencyFailoverTests
{
    private static readonly TimeSpan s_lease = TimeSpan.FromMinutes(1);
    private static readonly StoredResponse s_accepted = new(202, "application/json", """{"id":"op-1"}""", "/api/operations/op-1");

    [Fact]
    public async Task After_the_silo_holding_a_reservation_dies_the_retry_acquires_the_key_and_the_answer_is_kept()
    {
        // Three so that the survivors form a majority that declares the killed silo dead quickly.
        await using var cluster = await ProvisioningTestCluster.StartAsync(silos: 3, configureServices: services => services.AddFleetServices());
        var keyId = IdempotencyKeys.GrainKey("tests", Guid.NewGuid().ToString("N"));
        var key = cluster.GrainFactory.GetGrain<IIdempotencyGrain>(keyId);
        Assert.Equal(IdempotencyOutcome.Acquired, (await key.Reserve("body-a", s_lease)).Outcome);
        Assert.Equal(IdempotencyOutcome.InProgress, (await key.Reserve("body-a", s_lease)).Outcome);

        Assert.True(await cluster.KillSiloHostingAsync(key), "the key has no activation");
        var killedAt = DateTimeOffset.UtcNow;
        var retry = await AnsweredAsync(() => cluster.GrainFactory.GetGrain<IIdempotencyGrain>(keyId).Reserve("body-a", s_lease));

        Assert.Equal(IdempotencyOutcome.Acquired, retry.Outcome);
        Assert.True(DateTimeOffset.UtcNow - killedAt < s_lease / 2, "the retry waited for the lease");
        var survivor = cluster.GrainFactory.GetGrain<IIdempotencyGrain>(keyId);
        await survivor.Complete("body-a", s_accepted);
        var replay = await survivor.Reserve("body-a", s_lease);
        Assert.Equal(IdempotencyOutcome.Replay, replay.Outcome);
        Assert.Equal(s_accepted, replay.Response);
    }

    [Fact]
    public async Task The_first_requests_answer_is_stored_even_when_its_reservation_was_lost()
    {
        await using var cluster = await ProvisioningTestCluster.StartAsync(silos: 3, configureServices: services => services.AddFleetServices());
        var keyId = IdempotencyKeys.GrainKey("tests", Guid.NewGuid().ToString("N"));
        var key = cluster.GrainFactory.GetGrain<IIdempotencyGrain>(keyId);
        await key.Reserve("body-a", s_lease);

        Assert.True(await cluster.KillSiloHostingAsync(key), "the key has no activation");
        await AnsweredAsync(async () =>
        {
            await cluster.GrainFactory.GetGrain<IIdempotencyGrain>(keyId).Complete("body-a", s_accepted);
            return true;
        });

        var replay = await cluster.GrainFactory.GetGrain<IIdempotencyGrain>(keyId).Reserve("body-a", s_lease);
        Assert.Equal(IdempotencyOutcome.Replay, replay.Outcome);
    }

    // Until the survivors declare the killed silo dead, calls for its grains fail; the client retries, as a gateway's
    // client does after a 503. A short poll inside a deadline: membership has no signal a test can await.
    private static async Task<T> AnsweredAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception exception) when (exception is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
