using System.Diagnostics;
using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;

namespace BareMetal.Runtime.Tests;

public sealed class TimeoutAndCancellationTests
{
    [Fact]
    public async Task ResponseTimeoutAttribute_SlowMethod_FailsCallerWithTimeout()
    {
        await using var silo = await TestSilo.StartAsync();
        var key = Guid.NewGuid().ToString();
        var grain = silo.GrainFactory.GetGrain<IFailingGrain>(key);
        var gate = Gates.NewName("never");
        var watch = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => grain.WaitWithShortTimeout(gate));

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        Assert.Equal($"failing/{key}", exception.GrainId.ToString());
        Assert.Contains("WaitWithShortTimeout", exception.Message);
        Gates.Open(gate);
    }

    [Fact]
    public async Task SiloDefaultTimeout_FromConfiguration_Applies()
    {
        await using var silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?> { ["BareMetal:Messaging:ResponseTimeout"] = "00:00:00.400" });
        var gate = Gates.NewName("never");

        await Assert.ThrowsAsync<GrainCallTimeoutException>(() => silo.GrainFactory.GetGrain<IFailingGrain>(Guid.NewGuid().ToString()).WaitFor(gate));
        Gates.Open(gate);
    }

    [Fact]
    public async Task PerCallTimeoutOverride_AppliesOnlyInsideScope()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IFailingGrain>(Guid.NewGuid().ToString());
        var gate = Gates.NewName("never");

        using (GrainCallTimeout.Override(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAsync<GrainCallTimeoutException>(() => grain.WaitFor(gate));
        }

        Assert.Null(GrainCallTimeout.Current);
        Gates.Open(gate);
    }

    [Fact]
    public async Task TimedOutCall_GrainCancellationToken_IsCancelled()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IFailingGrain>(Guid.NewGuid().ToString());
        var cancelled = Gates.NewName("cancelled");

        using (GrainCallTimeout.Override(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAsync<GrainCallTimeoutException>(() => grain.WaitCancellable(TimeSpan.FromMinutes(1), cancelled, CancellationToken.None));
        }

        await Wait.ForAsync(Gates.WhenOpen(cancelled), "the grain to observe the deadline");
    }

    [Fact]
    public async Task CallerCancels_GrainMethodTokenFires_AndCallerSeesCancellation()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IFailingGrain>(Guid.NewGuid().ToString());
        var cancelled = Gates.NewName("cancelled");
        using var cts = new CancellationTokenSource();

        var call = grain.WaitCancellable(TimeSpan.FromMinutes(1), cancelled, cts.Token);
        await Wait.UntilAsync(() => silo.Catalog.Count > 0, "the grain to activate");
        cts.CancelAfter(100);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Wait.ForAsync(call, "caller cancellation"));
        await Wait.ForAsync(Gates.WhenOpen(cancelled), "the grain to observe cancellation");
        Assert.Equal(1, await grain.CountCall());
    }

    [Fact]
    public async Task AlreadyCancelledToken_CallNeverRuns()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IFailingGrain>(Guid.NewGuid().ToString());
        var cancelled = Gates.NewName("cancelled");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => grain.WaitCancellable(TimeSpan.FromMinutes(1), cancelled, new CancellationToken(canceled: true)));

        Assert.False(Gates.IsOpen(cancelled));
    }
}
