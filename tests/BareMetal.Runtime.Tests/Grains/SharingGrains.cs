using System.Collections.Immutable;

namespace BareMetal.Runtime.Tests.Grains;

/// <summary>A record nothing can change after construction: recognised as immutable without an attribute.</summary>
public sealed record FrozenOrder(string Id, int Quantity, DateTimeOffset At, ImmutableList<string> Tags, FrozenLine? Line = null)
{
    public Guid Batch { get; init; }
}

/// <summary>Nested in <see cref="FrozenOrder"/>; refers to itself, as a chain of lines would.</summary>
public sealed record FrozenLine(string Sku, FrozenLine? Next = null);

/// <summary>Exposes a list a holder can change: must be copied.</summary>
public sealed record OrderWithList(string Id, List<int> Quantities);

/// <summary>Exposes a read-only view of what may be a list its producer still changes: must be copied.</summary>
public sealed record OrderWithReadOnlyView(string Id, IReadOnlyList<int> Quantities);

/// <summary>A settable member: must be copied.</summary>
public sealed record OrderWithSetter(string Id)
{
    public int Quantity { get; set; }
}

public interface ISharingGrain : IGrainWithGuidKey
{
    Task<FrozenOrder> EchoFrozen(FrozenOrder order);

    /// <summary>Keeps the order, then doubles every quantity in the kept list.</summary>
    Task KeepAndDouble(OrderWithList order);

    /// <summary>Keeps the order; the view is read later.</summary>
    Task KeepView(OrderWithReadOnlyView order);

    Task<int[]> KeptViewQuantities();

    /// <summary>Keeps the order and sets its quantity.</summary>
    Task<OrderWithSetter> KeepAndSet(OrderWithSetter order, int quantity);

    Task<int> KeptQuantity();

    /// <summary>Adds to a list of frozen orders the grain keeps and returns that list.</summary>
    Task<List<FrozenOrder>> AddAndList(FrozenOrder order);

    Task<int> CountKept();
}

public sealed class SharingGrain : Grain, ISharingGrain
{
    private readonly List<FrozenOrder> _orders = [];
    private OrderWithReadOnlyView? _view;
    private OrderWithSetter? _set;

    public Task<FrozenOrder> EchoFrozen(FrozenOrder order) => Task.FromResult(order);

    public Task KeepAndDouble(OrderWithList order)
    {
        for (var i = 0; i < order.Quantities.Count; i++)
        {
            order.Quantities[i] *= 2;
        }

        return Task.CompletedTask;
    }

    public Task KeepView(OrderWithReadOnlyView order)
    {
        _view = order;
        return Task.CompletedTask;
    }

    public Task<int[]> KeptViewQuantities() => Task.FromResult(_view!.Quantities.ToArray());

    public Task<OrderWithSetter> KeepAndSet(OrderWithSetter order, int quantity)
    {
        _set = order;
        order.Quantity = quantity;
        return Task.FromResult(order);
    }

    public Task<int> KeptQuantity() => Task.FromResult(_set!.Quantity);

    public Task<List<FrozenOrder>> AddAndList(FrozenOrder order)
    {
        _orders.Add(order);
        return Task.FromResult(_orders);
    }

    public Task<int> CountKept() => Task.FromResult(_orders.Count);
}
