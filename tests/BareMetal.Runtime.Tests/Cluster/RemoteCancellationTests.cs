using BareMetal.Runtime.Testing;
using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;

namespace BareMetal.Runtime.Tests.Cluster;

public sealed class RemoteCancellationTests
{
    [Fact]
    public async Task ClientCancels_GrainOnTheClusterSeesItsTokenCancelled()
    {
        await using var cluster = await InProcessTestCluster.StartAsync(new InProcessTestClusterOptions { InitialSilos = 1 });
        await using var client = await cluster.ConnectClientAsync();
        var grain = client.GrainFactory.GetGrain<IFailingGrain>(Guid.NewGuid().ToString());
        var cancelled = Gates.NewName("cancelled");
        using var cts = new CancellationTokenSource();
        Assert.Equal(1, await grain.CountCall());

        var call = grain.WaitCancellable(TimeSpan.FromMinutes(1), cancelled, cts.Token);
        cts.CancelAfter(200);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Wait.ForAsync(call, "the caller's cancellation"));
        await Wait.ForAsync(Gates.WhenOpen(cancelled), "the grain on the silo to observe the cancellation");
    }

    [Fact]
    public async Task RemoteCallTimesOut_GrainTokenFiresAtTheDeadline()
    {
        await using var cluster = await InProcessTestCluster.StartAsync(new InProcessTestClusterOptions { InitialSilos = 1 });
        await using var client = await cluster.ConnectClientAsync();
        var grain = client.GrainFactory.GetGrain<IFailingGrain>(Guid.NewGuid().ToString());
        var cancelled = Gates.NewName("deadline");

        using (GrainCallTimeout.Override(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAsync<GrainCallTimeoutException>(() => grain.WaitCancellable(TimeSpan.FromMinutes(1), cancelled, CancellationToken.None));
        }

        await Wait.ForAsync(Gates.WhenOpen(cancelled), "the grain to stop at the deadline");
    }
}
