using System.Collections.Immutable;
using BareMetal.Runtime.Serialization;
using BareMetal.Runtime.Tests.Grains;
using BareMetal.Runtime.Tests.Infrastructure;

namespace BareMetal.Runtime.Tests;

/// <summary>What local calls share between caller and grain, and what they copy.</summary>
public sealed class SharingTests
{
    private static FrozenOrder Order(string id) =>
        new(id, 3, DateTimeOffset.UnixEpoch, ["red", "large"], new FrozenLine("a", new FrozenLine("b"))) { Batch = Guid.NewGuid() };

    [Fact]
    public async Task RecordOfImmutableMembers_IsPassedAndReturnedWithoutACopy()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ISharingGrain>(Guid.NewGuid());
        var order = Order("o-1");

        var returned = await grain.EchoFrozen(order);

        Assert.Same(order, returned);
    }

    [Fact]
    public async Task RecordExposingAList_IsCopied_TheGrainsChangesStayWithTheGrain()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ISharingGrain>(Guid.NewGuid());
        var quantities = new List<int> { 1, 2 };

        await grain.KeepAndDouble(new OrderWithList("o-1", quantities));

        Assert.Equal([1, 2], quantities);
    }

    [Fact]
    public async Task RecordExposingAReadOnlyView_IsCopied_TheCallersLaterChangesDoNotReachTheGrain()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ISharingGrain>(Guid.NewGuid());
        var quantities = new List<int> { 1, 2 };

        await grain.KeepView(new OrderWithReadOnlyView("o-1", quantities));
        quantities.Add(3);

        var kept = await grain.KeptViewQuantities();
        Assert.Equal([1, 2], kept);
    }

    [Fact]
    public async Task RecordWithASettableMember_IsCopied_BothWays()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ISharingGrain>(Guid.NewGuid());
        var order = new OrderWithSetter("o-1");

        var returned = await grain.KeepAndSet(order, 5);
        returned.Quantity = 100;

        Assert.Equal(0, order.Quantity);
        Assert.Equal(5, await grain.KeptQuantity());
    }

    [Fact]
    public async Task ListOfImmutableRecords_ComesBackAsANewListOfTheSameRecords()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.GrainFactory.GetGrain<ISharingGrain>(Guid.NewGuid());
        var order = Order("o-1");

        var listed = await grain.AddAndList(order);
        listed.Add(Order("o-2"));
        listed.Clear();

        Assert.Equal(1, await grain.CountKept());
        Assert.Same(order, (await grain.AddAndList(Order("o-3")))[0]);
    }

    [Theory]
    [InlineData(typeof(FrozenOrder), true)]
    [InlineData(typeof(FrozenLine), true)]
    [InlineData(typeof(ImmutableDictionary<string, FrozenOrder>), true)]
    [InlineData(typeof(OrderWithList), false)]
    [InlineData(typeof(OrderWithReadOnlyView), false)]
    [InlineData(typeof(OrderWithSetter), false)]
    [InlineData(typeof(ImmutableList<OrderWithSetter>), false)]
    [InlineData(typeof(OpenRecord), false)]
    [InlineData(typeof(RecordHoldingAnObject), false)]
    [InlineData(typeof(RecordHoldingAnArray), false)]
    [InlineData(typeof(DeclaredImmutable), true)]
    public void CopyPolicy_RecognisesWhatNothingCanChange(Type type, bool shared)
    {
        Assert.Equal(shared, CopyPolicy.IsShallowCopyable(type));
    }

    /// <summary>Not sealed: a mutable subclass could stand behind it.</summary>
    public record OpenRecord(string Id);

    /// <summary>An object-typed member may hold anything.</summary>
    public sealed record RecordHoldingAnObject(object Value);

    /// <summary>Arrays can be written to.</summary>
    public sealed record RecordHoldingAnArray(int[] Values);

    /// <summary>Trusted by its attribute although its member type is not provably immutable.</summary>
    [Immutable]
    public sealed record DeclaredImmutable(IReadOnlyList<int> Values);
}
