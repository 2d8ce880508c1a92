using BareMetal.Runtime.Storage;
using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Runtime.Tests;

public sealed class PersistenceTests
{
    [Fact]
    public async Task State_WrittenThenReactivated_IsReadBack()
    {
        await using var silo = await TestSilo.StartAsync();
        var key = Guid.NewGuid().ToString();
        var grain = silo.GrainFactory.GetGrain<IProfileGrain>(key);
        Assert.Null(await grain.GetName());
        Assert.False(await grain.RecordExists());

        await grain.SetName("rack-12-node-3");
        await grain.Deactivate();
        await Wait.UntilAsync(() => !silo.Catalog.TryGetActivation(GrainId.Create("profile", key), out _), "deactivation");

        Assert.Equal("rack-12-node-3", await grain.GetName());
        Assert.True(await grain.RecordExists());
        Assert.Equal("1", await grain.GetEtag());
    }

    [Fact]
    public async Task State_WrittenElsewhereMeanwhile_StaleWriteFailsWithConflict()
    {
        await using var silo = await TestSilo.StartAsync();
        var key = Guid.NewGuid().ToString();
        var grain = silo.GrainFactory.GetGrain<IProfileGrain>(key);
        await grain.SetName("first");
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(PersistentStateAttribute.DefaultStorageName);
        var stateKey = new GrainStateKey(GrainId.Create("profile", key), "profile");

        // Another writer (a duplicate activation elsewhere) moves the row on.
        await storage.WriteAsync(stateKey, "{\"Name\":\"other\"}"u8.ToArray(), "1", CancellationToken.None);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => grain.SetName("stale"));
        Assert.Equal("2", conflict.StoredETag);
        Assert.Equal("1", conflict.ExpectedETag);
        var stored = await storage.ReadAsync(stateKey, CancellationToken.None);
        Assert.Contains("other", System.Text.Encoding.UTF8.GetString(stored!.Payload!));
    }

    [Fact]
    public async Task ClearState_ResetsStateAndKeepsVersionMonotonic()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<IProfileGrain>(Guid.NewGuid().ToString());
        await grain.SetName("to-forget");

        await grain.Clear();

        Assert.Null(await grain.GetName());
        Assert.False(await grain.RecordExists());
        Assert.Equal("2", await grain.GetEtag());
        await grain.SetName("again");
        Assert.Equal("3", await grain.GetEtag());
    }

    [Fact]
    public async Task MissingStorageProvider_ActivationFailsNamingIt()
    {
        await using var silo = await TestSilo.StartAsync(settings: null);
        var exception = await Assert.ThrowsAsync<GrainActivationException>(
            () => silo.GrainFactory.GetGrain<IArchiveGrain>(Guid.NewGuid().ToString()).Get());

        Assert.Contains("'archive'", exception.Message);
    }
}

public interface IArchiveGrain : IGrainWithStringKey
{
    Task<int> Get();
}

public sealed class ArchiveGrain([PersistentState("entries", "archive")] IPersistentState<List<int>> entries) : Grain, IArchiveGrain
{
    public Task<int> Get() => Task.FromResult(entries.State.Count);
}
