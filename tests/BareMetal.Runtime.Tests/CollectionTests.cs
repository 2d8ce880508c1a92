using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;

namespace BareMetal.Runtime.Tests;

public sealed class CollectionTests
{
    private static Dictionary<string, string?> FastCollection => new()
    {
        ["BareMetal:GrainCollection:CollectionAge"] = "00:00:00.300",
        ["BareMetal:GrainCollection:CollectionQuantum"] = "00:00:00.050",
    };

    [Fact]
    public async Task IdleActivation_PastCollectionAge_IsDeactivatedAndReactivatedOnNextCall()
    {
        await using var silo = await TestSilo.StartAsync(settings: FastCollection);
        var key = Guid.NewGuid().ToString();
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>(key);
        Assert.Equal(1, await grain.GetActivationNumber());

        await Wait.UntilAsync(() => LifecycleLog.Deactivations.GetValueOrDefault(key) == 1, "idle collection");

        Assert.Equal(DeactivationReasonCode.IdleCollection, LifecycleLog.LastReason[key]);
        Assert.Equal(2, await grain.GetActivationNumber());
    }

    [Fact]
    public async Task BusyActivation_WithARequestRunningPastTheAge_IsNotCollected()
    {
        await using var silo = await TestSilo.StartAsync(settings: FastCollection);
        var key = Guid.NewGuid().ToString();
        var grain = silo.GrainFactory.GetGrain<IGateGrain>(key);
        var gate = Gates.NewName("busy");
        var running = grain.WaitFor(gate);
        await Wait.UntilAsync(async () => (await grain.GetLog()).Count == 1, "the long request to start");

        // A negative window of several collection ages: a busy activation must survive all of them.
        await Task.Delay(1000);
        var log = await grain.GetLog();
        Gates.Open(gate);
        await running;

        Assert.Equal(["start " + gate], log);
        Assert.Equal(["start " + gate, "end " + gate], await grain.GetLog());
    }

    [Fact]
    public async Task DelayDeactivation_KeepsIdleActivationAlive()
    {
        await using var silo = await TestSilo.StartAsync(settings: FastCollection);
        var keep = Guid.NewGuid().ToString();
        var control = Guid.NewGuid().ToString();
        await silo.GrainFactory.GetGrain<ILifecycleGrain>(keep).KeepAliveFor(TimeSpan.FromMinutes(5));
        await silo.GrainFactory.GetGrain<ILifecycleGrain>(control).GetActivationNumber();

        await Wait.UntilAsync(() => LifecycleLog.Deactivations.GetValueOrDefault(control) == 1, "the control grain to be collected");

        Assert.Equal(0, LifecycleLog.Deactivations.GetValueOrDefault(keep));
    }

    [Fact]
    public async Task DeactivateOnIdle_DeactivatesAfterTheRequest()
    {
        await using var silo = await TestSilo.StartAsync();
        var key = Guid.NewGuid().ToString();
        var grain = silo.GrainFactory.GetGrain<ILifecycleGrain>(key);

        await grain.DeactivateWhenIdle();
        await Wait.UntilAsync(() => LifecycleLog.Deactivations.GetValueOrDefault(key) == 1, "deactivation on idle");

        Assert.Equal(DeactivationReasonCode.ApplicationRequested, LifecycleLog.LastReason[key]);
        Assert.Equal(2, await grain.GetActivationNumber());
    }

    [Fact]
    public async Task SiloStop_DeactivatesEveryGrainGracefully()
    {
        var silo = await TestSilo.StartAsync();
        var keys = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid().ToString()).ToList();
        await Task.WhenAll(keys.Select(k => silo.GrainFactory.GetGrain<ILifecycleGrain>(k).GetActivationNumber()));

        await silo.DisposeAsync();

        Assert.All(keys, k => Assert.Equal(DeactivationReasonCode.ShuttingDown, LifecycleLog.LastReason[k]));
    }
}
