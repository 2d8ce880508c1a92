using BareMetal.Runtime.Storage;
using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Runtime.Tests;

/// <summary>States created at run time: unread until the grain reads them, and a blind write never overwrites a row.</summary>
public sealed class PersistentStateFactoryTests
{
    [Fact]
    public async Task CreatedState_IsNotReadOnActivation_UntilTheGrainReadsIt()
    {
        await using var silo = await TestSilo.StartAsync();
        var key = Guid.NewGuid().ToString();
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(PersistentStateAttribute.DefaultStorageName);
        await storage.WriteAsync(new GrainStateKey(GrainId.Create("notebook", key), "page-3"), "{\"Name\":\"stored\"}"u8.ToArray(), null, CancellationToken.None);
        var grain = silo.GrainFactory.GetGrain<INotebookGrain>(key);

        Assert.Equal((null, false), await grain.Peek(3));
        Assert.Equal("stored", await grain.Read(3));
    }

    [Fact]
    public async Task BlindWrite_OfANewPage_InsertsIt_ButOfAStoredPage_FailsUntilRead()
    {
        await using var silo = await TestSilo.StartAsync();
        var key = Guid.NewGuid().ToString();
        var writer = silo.GrainFactory.GetGrain<INotebookGrain>(key);
        Assert.Equal("1", await writer.WriteBlind(0, "first"));

        // Another writer stored page 1 meanwhile: this activation has not seen it.
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(PersistentStateAttribute.DefaultStorageName);
        await storage.WriteAsync(new GrainStateKey(GrainId.Create("notebook", key), "page-1"), "{\"Name\":\"elsewhere\"}"u8.ToArray(), null, CancellationToken.None);
        await Assert.ThrowsAsync<InconsistentStateException>(() => writer.WriteBlind(1, "blind"));
        Assert.Equal("elsewhere", await writer.Read(1));

        Assert.Equal("2", await writer.ReadThenWrite(1, "after reading"));
        Assert.Equal("after reading", await silo.GrainFactory.GetGrain<INotebookGrain>(key).Read(1));
    }
}
