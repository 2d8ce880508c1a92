using System.Collections.Immutable;
using BareMetal.Contracts.Operations;

namespace BareMetal.Provisioning.Fleet;

/// <summary>What an operation index shard writes: its unfinished operations and its most recent finished ones.</summary>
public sealed record OperationIndexState
{
    /// <summary>The operations' latest views.</summary>
    public ImmutableList<OperationView> Operations { get; init; } = [];
}
