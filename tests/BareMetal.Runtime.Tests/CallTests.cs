using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;

namespace BareMetal.Runtime.Tests;

public sealed class CallTests
{
    [Fact]
    public async Task MutableArgumentsAndResults_AreCopied_CallerAndGrainNeverShare()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ICopyGrain>(Guid.NewGuid());
        var mine = new List<int> { 1, 2 };

        var returned = await grain.KeepAndAppend(mine);
        returned.Add(1000);

        Assert.Equal([1, 2], mine);
        Assert.Equal([1, 2, 99], await grain.GetKept());
    }

    [Fact]
    public async Task ResultOfACompilerMadeCollectionType_IsCopiedAsTheDeclaredType()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ICopyGrain>(Guid.NewGuid());
        await grain.KeepAndAppend([1, 2]);

        var values = await grain.KeptAsCollectionExpression().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([1, 2, 99], values);
    }

    [Fact]
    public async Task GrainReference_PassedAndStored_CallsReachTheSameGrain()
    {
        await using var silo = await TestSilo.StartAsync();
        var counter = silo.GrainFactory.GetGrain<ICounterGrain>(Guid.NewGuid().ToString());
        var holder = silo.GrainFactory.GetGrain<ICopyGrain>(Guid.NewGuid());

        await holder.Remember(counter);
        await holder.IncrementRemembered();
        await holder.IncrementRemembered();

        Assert.Equal(2, await counter.GetCount());
        Assert.Equal(counter, silo.GrainFactory.GetGrain<ICounterGrain>(counter.GetPrimaryKeyString()));
    }

    [Fact]
    public async Task RequestContext_FlowsToGrainAndOnToTheGrainsItCalls()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IContextGrain>(Random.Shared.NextInt64());

        RequestContext.Set("tenant", "acme");
        RequestContext.CallerIdentity = "operator-7";
        try
        {
            Assert.Equal("acme", await grain.Read("tenant"));
            Assert.Equal("acme", await grain.ReadThrough(Random.Shared.NextInt64(), "tenant"));
            Assert.Equal("operator-7", await grain.Read(RequestContext.CallerIdentityKey));
        }
        finally
        {
            RequestContext.Clear();
        }

        Assert.Null(await grain.Read("tenant"));
    }

    [Fact]
    public async Task OneWayCall_ReturnsBeforeTheGrainRuns()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IContextGrain>(Random.Shared.NextInt64());
        var first = Gates.NewName("first");
        var done = Gates.NewName("done");

        var call = grain.OpenGateOneWay(first, done);

        Assert.True(call.IsCompletedSuccessfully);
        Assert.False(Gates.IsOpen(done));
        Gates.Open(first);
        await Wait.ForAsync(Gates.WhenOpen(done), "the one-way call to run");
    }

    [Fact]
    public async Task ValueTaskMethod_ReturnsResult()
    {
        await using var silo = await TestSilo.StartAsync();

        Assert.Equal(5, await silo.GrainFactory.GetGrain<IContextGrain>(7).AddValue(2, 3));
    }

    [Fact]
    public async Task GuidAndIntegerKeys_RoundTripThroughGrainIds()
    {
        await using var silo = await TestSilo.StartAsync();
        var guid = Guid.NewGuid();

        var copy = silo.GrainFactory.GetGrain<ICopyGrain>(guid);
        var context = silo.GrainFactory.GetGrain<IContextGrain>(42L);

        Assert.Equal(guid, copy.GetPrimaryKey());
        Assert.Equal(42L, context.GetPrimaryKeyLong());
        Assert.Equal($"copy/{guid:N}", copy.GetGrainId().ToString());
    }
}
