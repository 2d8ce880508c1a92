using BareMetal.Contracts.Operations;

namespace BareMetal.Contracts.Fleet;

/// <summary>A filtered page of recent operations, newest first.</summary>
/// <param name="NodeId">Only this node's operations.</param>
/// <param name="Status">Only operations with this status.</param>
/// <param name="After">The cursor from the previous page; null for the first page.</param>
/// <param name="Limit">At most this many (1..1000).</param>
[GenerateSerializer, Alias("baremetal.OperationQuery")]
public sealed record OperationQuery([property: Id(0)] string? NodeId = null, [property: Id(1)] OperationStatus? Status = null, [property: Id(2)] string? After = null, [property: Id(3)] int Limit = 100);

/// <summary>One page of operations.</summary>
/// <param name="Operations">The operations, newest first.</param>
/// <param name="NextCursor">Pass as <see cref="OperationQuery.After"/> for the next page; null when this is the last.</param>
[Immutable]
public sealed record OperationPage(IReadOnlyList<OperationView> Operations, string? NextCursor);
