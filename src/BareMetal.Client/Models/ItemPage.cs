namespace BareMetal.Client.Models;

/// <summary>One page of a list.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items, in order.</param>
/// <param name="NextCursor">Pass as the cursor of the next request; null on the last page.</param>
public sealed record ItemPage<T>(IReadOnlyList<T> Items, string? NextCursor);
