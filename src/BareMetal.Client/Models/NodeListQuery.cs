using BareMetal.Contracts.Nodes;

namespace BareMetal.Client.Models;

/// <summary>Filters and paging of a node list; every filter is optional.</summary>
public sealed record NodeListQuery
{
    /// <summary>Only nodes in this provision state.</summary>
    public ProvisionState? ProvisionState { get; init; }

    /// <summary>Only nodes in this power state.</summary>
    public PowerState? PowerState { get; init; }

    /// <summary>Only nodes in (true) or out of (false) maintenance.</summary>
    public bool? Maintenance { get; init; }

    /// <summary>Only nodes of this resource class.</summary>
    public string? ResourceClass { get; init; }

    /// <summary>Only nodes of this owner.</summary>
    public string? Owner { get; init; }

    /// <summary>Only nodes with this driver.</summary>
    public string? Driver { get; init; }

    /// <summary>Only nodes whose name contains this text.</summary>
    public string? Search { get; init; }

    /// <summary>The page size (1 to 1000); the server's default (100) when null.</summary>
    public int? Limit { get; init; }

    /// <summary>The <see cref="ItemPage{T}.NextCursor"/> of the previous page.</summary>
    public string? Cursor { get; init; }
}
