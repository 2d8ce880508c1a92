namespace BareMetal.Provisioning.Fleet;

/// <summary>The order of node listings: creation time, then id (ordinal) for nodes created in the same tick.</summary>
internal readonly record struct NodeSortKey(DateTimeOffset CreatedAt, string Id) : IComparable<NodeSortKey>
{
    public int CompareTo(NodeSortKey other)
    {
        var byTime = CreatedAt.UtcTicks.CompareTo(other.CreatedAt.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(Id, other.Id);
    }
}
