using System.Diagnostics;
using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;

namespace BareMetal.Runtime.Tests;

public sealed class ActivationTimeoutTests
{
    private static readonly Dictionary<string, string?> ShortActivationTimeout = new()
    {
        ["BareMetal:GrainCollection:ActivationTimeout"] = "00:00:00.300",
    };

    [Fact]
    public async Task ActivationWaitingOnItsToken_IsCancelledAtTheActivationTimeout_AndTheCallerIsTold()
    {
        await using var silo = await TestSilo.StartAsync(settings: ShortActivationTimeout);
        var key = Guid.NewGuid().ToString();
        var grain = silo.GrainFactory.GetGrain<ISlowActivationGrain>(key);
        var clock = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<GrainActivationException>(() => grain.Hello());

        // The token and the wait on OnActivateAsync expire together; either may be what the caller is told.
        Assert.True(exception.InnerException is OperationCanceledException or TimeoutException, exception.InnerException?.ToString());
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        await TokenRespectingSlowActivationGrain.TokenCancelled[key].Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, silo.Catalog.Count);
    }

    [Fact]
    public async Task ActivationIgnoringItsToken_StillFailsAtTheActivationTimeout()
    {
        await using var silo = await TestSilo.StartAsync(settings: ShortActivationTimeout);
        var grain = silo.GrainFactory.GetGrain<IStuckActivationGrain>("stuck");
        var clock = Stopwatch.StartNew();

        var exception = await Assert.ThrowsAsync<GrainActivationException>(() => grain.Hello());

        Assert.IsType<TimeoutException>(exception.InnerException);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
    }
}
