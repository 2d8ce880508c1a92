using BareMetal.Contracts.Nodes;

namespace BareMetal.Contracts.Fleet;

/// <summary>A filtered page of the fleet's nodes, ordered by creation time then id.</summary>
/// <param name="ProvisionState">Only nodes in this provision state.</param>
/// <param name="PowerState">Only nodes in this power state.</param>
/// <param name="Maintenance">Only nodes with this maintenance flag.</param>
/// <param name="ResourceClass">Only nodes of this resource class.</param>
/// <param name="Owner">Only nodes of this owner.</param>
/// <param name="Driver">Only nodes with this driver.</param>
/// <param name="Search">Only nodes whose name or id contains this text (case-insensitive).</param>
/// <param name="After">The cursor: the <see cref="NodePage.NextCursor"/> of the previous page; null for the first page.</param>
/// <param name="Limit">At most this many nodes (1..1000).</param>
[GenerateSerializer, Alias("baremetal.NodeQuery")]
public sealed record NodeQuery(
    [property: Id(0)] ProvisionState? ProvisionState = null,
    [property: Id(1)] PowerState? PowerState = null,
    [property: Id(2)] bool? Maintenance = null,
    [property: Id(3)] string? ResourceClass = null,
    [property: Id(4)] string? Owner = null,
    [property: Id(5)] string? Driver = null,
    [property: Id(6)] string? Search = null,
    [property: Id(7)] string? After = null,
    [property: Id(8)] int Limit = 100);
