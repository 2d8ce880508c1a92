using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BareMetal.Hosting;
using BareMetal.Runtime.Serialization;
using BareMetal.Runtime.Storage;
using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BareMetal.Runtime.Tests;

public sealed class GrainStateJsonContextTests
{
    private static readonly DateTimeOffset s_at = new(2026, 3, 1, 12, 30, 15, 123, TimeSpan.FromHours(2));

    public static TheoryData<string> Samples => ["full", "defaults"];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task RegisteredContext_StoresTheBytesOfTheReflectionContract_AndTheyReadBack(string sample)
    {
        await using var silo = await TestSilo.StartAsync(s => s.Services.AddGrainStateJsonContext(InventoryJsonContext.Default));
        var key = Guid.NewGuid().ToString();
        var grain = silo.GrainFactory.GetGrain<IInventoryGrain>(key);
        var state = sample == "full" ? Full() : new InventoryState();

        await grain.Set(state);

        var reflection = ReflectionSerializer().GetTypeInfo<InventoryState>();
        var stored = await Storage(silo).ReadAsync(new GrainStateKey(GrainId.Create("inventory", key), "inventory"), CancellationToken.None);
        Assert.Equal(Text(JsonSerializer.SerializeToUtf8Bytes(state, reflection)), Text(stored!.Payload!));

        await grain.Deactivate();
        await Wait.UntilAsync(() => !silo.Catalog.TryGetActivation(GrainId.Create("inventory", key), out _), "deactivation");
        var readBack = await grain.Get();
        Assert.Equal(Text(JsonSerializer.SerializeToUtf8Bytes(state, reflection)), Text(JsonSerializer.SerializeToUtf8Bytes(readBack, reflection)));
    }

    [Fact]
    public async Task RegisteredContext_WritesWithTheGeneratedSerializeHandler()
    {
        await using var silo = await TestSilo.StartAsync(s => s.Services.AddGrainStateJsonContext(InventoryJsonContext.Default));
        var serializer = silo.Services.GetRequiredService<RuntimeSerializer>();

        var writer = serializer.GetStateWriteTypeInfo<InventoryState>();

        Assert.Same(InventoryJsonContext.Default, writer.OriginatingResolver);
        Assert.True(UsesSerializeHandler(writer), "System.Text.Json falls back to its converters for the registered context.");
        Assert.False(UsesSerializeHandler(serializer.GetTypeInfo<InventoryState>()));
    }

    [Fact]
    public async Task StateTypeTheContextDoesNotList_IsWrittenAndReadAsBefore()
    {
        await using var silo = await TestSilo.StartAsync(s => s.Services.AddGrainStateJsonContext(InventoryJsonContext.Default));
        var key = Guid.NewGuid().ToString();
        var grain = silo.GrainFactory.GetGrain<IProfileGrain>(key);

        await grain.SetName("rack-7-node-1");
        await grain.Deactivate();
        await Wait.UntilAsync(() => !silo.Catalog.TryGetActivation(GrainId.Create("profile", key), out _), "deactivation");

        Assert.Equal("rack-7-node-1", await grain.GetName());
        var stored = await Storage(silo).ReadAsync(new GrainStateKey(GrainId.Create("profile", key), "profile"), CancellationToken.None);
        Assert.Equal("{\"Name\":\"rack-7-node-1\",\"Tags\":[]}", Text(stored!.Payload!));
        var serializer = silo.Services.GetRequiredService<RuntimeSerializer>();
        Assert.Same(serializer.GetTypeInfo<ServerProfile>(), serializer.GetStateWriteTypeInfo<ServerProfile>());
    }

    [Fact]
    public async Task StateHoldingAGrainReference_IsWrittenBySiloSerializer_EvenWhenAContextListsIt()
    {
        await using var silo = await TestSilo.StartAsync(s => s.Services.AddGrainStateJsonContext(ShelfJsonContext.Default));
        var key = Guid.NewGuid().ToString();
        var owner = silo.GrainFactory.GetGrain<IProfileGrain>("owner-" + key);
        await owner.SetName("owner");

        await silo.GrainFactory.GetGrain<IShelfGrain>(key).Assign("B-4", owner);

        var stored = await Storage(silo).ReadAsync(new GrainStateKey(GrainId.Create("shelf", key), "shelf"), CancellationToken.None);
        Assert.Contains("\"id\":\"profile/owner-" + key + "\"", Text(stored!.Payload!));
        var readBack = JsonSerializer.Deserialize(stored.Payload, silo.Services.GetRequiredService<RuntimeSerializer>().GetTypeInfo<ShelfAssignment>());
        Assert.Equal("owner", await readBack!.Owner!.GetName());
    }

    [Fact]
    public void ContextWhoseOptionsChangeTheJson_IsRefusedNamingItAndTheOption()
    {
        var refused = Assert.Throws<InvalidOperationException>(
            () => new RuntimeSerializer(NoGrainReferences(), [CamelCaseInventoryJsonContext.Default]));

        Assert.Contains(nameof(CamelCaseInventoryJsonContext), refused.Message);
        Assert.Contains(nameof(JsonSerializerOptions.PropertyNamingPolicy), refused.Message);
    }

    [Fact]
    public async Task SiloWithAContextWhoseOptionsChangeTheJson_DoesNotStart()
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(
            () => TestSilo.StartAsync(s => s.Services.AddGrainStateJsonContext(InventoryJsonContext.Default).AddGrainStateJsonContext(CamelCaseInventoryJsonContext.Default)));

        var failure = Assert.Single(refused.Failures);
        Assert.Contains(nameof(CamelCaseInventoryJsonContext), failure);
        Assert.Contains(nameof(JsonSerializerOptions.PropertyNamingPolicy), failure);
    }

    [Fact]
    public void SameContextRegisteredTwice_IsRegisteredOnce()
    {
        var services = new ServiceCollection();

        services.AddGrainStateJsonContext(InventoryJsonContext.Default).AddGrainStateJsonContext(InventoryJsonContext.Default);

        using var provider = services.BuildServiceProvider();
        Assert.Same(InventoryJsonContext.Default, Assert.Single(provider.GetRequiredService<IOptions<GrainStateJsonOptions>>().Value.Contexts));
    }

    private static InventoryState Full() => new()
    {
        Site = "dc-\"east\" <1> é",
        Position = RackPosition.Bottom,
        PreviousPosition = RackPosition.Middle,
        CountedAt = s_at,
        AuditedAt = s_at.AddTicks(1),
        Lines = [new InventoryLine("psu", 2, RackPosition.Top, s_at.ToUniversalTime()) { Note = "spare" }, new InventoryLine("fan", 0, RackPosition.Middle, s_at)],
        Labels = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("row", "4").Add("owner", "team-a"),
        Version = long.MaxValue,
        Shelf = -3,
    };

    // System.Text.Json decides internally whether a contract's generated serialize handler is used; there is no public
    // way to ask, and only this tells a slow fallback (converters in the options, incompatible options) from the fast path.
    private static bool UsesSerializeHandler(JsonTypeInfo contract) =>
        (bool)(typeof(JsonTypeInfo).GetProperty("CanUseSerializeHandler", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("This System.Text.Json has no CanUseSerializeHandler: update the check.")).GetValue(contract)!;

    private static RuntimeSerializer ReflectionSerializer() => new(NoGrainReferences());

    private static Lazy<IGrainReferenceResolver> NoGrainReferences() =>
        new(() => throw new InvalidOperationException("These states hold no grain references."));

    private static IGrainStorage Storage(TestSilo silo) =>
        silo.Services.GetRequiredKeyedService<IGrainStorage>(PersistentStateAttribute.DefaultStorageName);

    private static string Text(byte[] utf8) => Encoding.UTF8.GetString(utf8);
}
