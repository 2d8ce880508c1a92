using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;

namespace BareMetal.Runtime.Tests;

public sealed class TimerTests
{
    [Fact]
    public async Task GrainTimer_TicksPeriodically_UntilDisposed()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ITimerGrain>(Guid.NewGuid().ToString());

        await grain.StartTicking(TimeSpan.FromMilliseconds(30));
        await Wait.UntilAsync(async () => await grain.GetTicks() >= 3, "three ticks");
        await grain.StopTicking();
        var afterStop = await grain.GetTicks();

        await Task.Delay(300); // a negative check: several periods pass and no tick may run
        Assert.Equal(afterStop, await grain.GetTicks());
    }

    [Fact]
    public async Task GrainTimer_WhileRequestHoldsTurn_TickWaitsItsTurn()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ITimerGrain>(Guid.NewGuid().ToString());
        await grain.StartTicking(TimeSpan.FromMilliseconds(10));
        await Wait.UntilAsync(async () => await grain.GetTicks() >= 1, "first tick");
        var release = Gates.NewName("release");
        var started = Gates.NewName("started");

        var hold = grain.HoldTurn(release, started);
        await Wait.ForAsync(Gates.WhenOpen(started), "the holding request to start");
        await Task.Delay(150); // several periods pass while the request holds the turn
        Gates.Open(release);

        Assert.Equal(0, await hold);
        Assert.Equal(1, await grain.GetMaxConcurrency());
        var ticks = await grain.GetTicks();
        await Wait.UntilAsync(async () => await grain.GetTicks() > ticks, "ticking to resume");
    }
}
