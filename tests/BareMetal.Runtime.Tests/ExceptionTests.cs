using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;

namespace BareMetal.Runtime.Tests;

public sealed class ExceptionTests
{
    [Fact]
    public async Task GrainThrows_CallerGetsSameTypeMessageAndGrainIdentity()
    {
        await using var silo = await TestSilo.StartAsync();
        var key = Guid.NewGuid().ToString();
        var grain = silo.GrainFactory.GetGrain<IFailingGrain>(key);

        var thrown = await Assert.ThrowsAsync<InventoryMismatchException>(() => grain.Throw("disk count 3 != 4"));
        var thrownAfterAwait = await Assert.ThrowsAsync<InventoryMismatchException>(() => grain.ThrowAfterAwait("late"));

        Assert.Equal("disk count 3 != 4", thrown.Message);
        Assert.Equal($"failing/{key}", thrown.Data["BareMetal.GrainId"]);
        Assert.Equal("late", thrownAfterAwait.Message);
    }

    [Fact]
    public async Task GrainThrows_ActivationSurvivesWithItsState()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IFailingGrain>(Guid.NewGuid().ToString());
        Assert.Equal(1, await grain.CountCall());

        await Assert.ThrowsAsync<InventoryMismatchException>(() => grain.Throw("boom"));

        Assert.Equal(2, await grain.CountCall());
    }

    [Fact]
    public async Task ActivationFails_CallerGetsActivationExceptionWithCause_AndNextCallRetries()
    {
        await using var silo = await TestSilo.StartAsync();
        var key = Guid.NewGuid().ToString();
        var grain = silo.GrainFactory.GetGrain<IFailingActivationGrain>(key);

        var exception = await Assert.ThrowsAsync<GrainActivationException>(() => grain.Hello());
        Assert.IsType<InvalidOperationException>(exception.InnerException);
        Assert.Contains("BMC credentials missing for " + key, exception.Message);

        await Assert.ThrowsAsync<GrainActivationException>(() => grain.Hello());
        Assert.Equal(0, silo.Catalog.Count);
    }

    [Fact]
    public async Task UnknownGrainInterface_GetGrain_ExplainsWhy()
    {
        await using var silo = await TestSilo.StartAsync();

        var exception = Assert.Throws<InvalidOperationException>(() => silo.GrainFactory.GetGrain<IUnimplementedGrain>("x"));

        Assert.Contains("No grain class implements", exception.Message);
    }
}

public interface IUnimplementedGrain : IGrainWithStringKey
{
    Task Nothing();
}
