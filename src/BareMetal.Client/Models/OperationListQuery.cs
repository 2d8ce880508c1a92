using BareMetal.Contracts.Operations;

namespace BareMetal.Client.Models;

/// <summary>Filters and paging of an operation list; every filter is optional.</summary>
public sealed record OperationListQuery
{
    /// <summary>Only operations of this node (id or name).</summary>
    public string? Node { get; init; }

    /// <summary>Only operations with this status.</summary>
    public OperationStatus? Status { get; init; }

    /// <summary>The page size (1 to 1000); the server's default (100) when null.</summary>
    public int? Limit { get; init; }

    /// <summary>The <see cref="ItemPage{T}.NextCursor"/> of the previous page.</summary>
    public string? Cursor { get; init; }
}
