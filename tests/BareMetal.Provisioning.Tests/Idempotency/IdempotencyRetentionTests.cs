using BareMetal.Contracts.Idempotency;
using BareMetal.Hosting;
using BareMetal.Provisioning.Tests.Infrastructure;

namespace BareMetal.Provisioning.Tests.Idempotency;

/// <summary>Keys remembered for three seconds, so that tests can watch them be forgotten.</summary>
public sealed class IdempotencyRetentionTests : IAsyncLifetime
{
    // Long enough that reserving and completing a key fits inside it on a loaded machine.
    private static readonly TimeSpan s_retention = TimeSpan.FromSeconds(3);
    private static readonly StoredResponse s_accepted = new(202, "application/json", "{}");
    private ProvisioningTestCluster? _cluster;

    private ProvisioningTestCluster Cluster => _cluster!;

    public async Task InitializeAsync() => _cluster = await ProvisioningTestCluster.StartAsync(
        configureServices: services => services.AddFleetServices(configureIdempotency: o => o.Retention = s_retention));

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task After_its_retention_a_used_key_is_free_for_a_new_request()
    {
        var key = NewKey();
        await key.Reserve("body-a", TimeSpan.FromMinutes(1));
        await key.Complete("body-a", s_accepted);
        var before = await key.Reserve("body-b", TimeSpan.FromMinutes(1));

        var after = await IdempotencyTests.ReserveUntilAsync(key, "body-b", IdempotencyOutcome.Acquired);

        Assert.Equal(IdempotencyOutcome.Mismatch, before.Outcome);
        Assert.Equal(IdempotencyOutcome.Acquired, after.Outcome);
    }

    [Fact]
    public async Task A_key_nobody_touches_again_is_removed_from_storage_after_its_retention()
    {
        var key = NewKey();
        await key.Reserve("body-a", TimeSpan.FromMinutes(1));
        await key.Complete("body-a", s_accepted);
        Assert.NotNull(await Cluster.StoredPayloadAsync(key, "idempotency"));

        // The expiry reminder has no signal a test can await: a short poll of the storage inside a deadline.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        while (await Cluster.StoredPayloadAsync(key, "idempotency") is not null)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the expired key is still stored");
            await Task.Delay(100);
        }
    }

    private IIdempotencyGrain NewKey() =>
        Cluster.GrainFactory.GetGrain<IIdempotencyGrain>(IdempotencyKeys.GrainKey("tests", Guid.NewGuid().ToString("N")));
}
