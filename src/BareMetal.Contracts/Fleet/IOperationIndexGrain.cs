using BareMetal.Contracts.Operations;

namespace BareMetal.Contracts.Fleet;

/// <summary>
/// One shard of the index of operations (keyed by <see cref="NodeIndex.ShardKey"/> of the operation's node): every
/// unfinished operation and the most recent finished ones, for listing by node and status and for the dashboard.
/// </summary>
[Alias("baremetal.IOperationIndexGrain")]
public interface IOperationIndexGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records an operation's latest view (ignored when older than the one held). The view is passed by reference,
    /// not copied (every operation change sends one): the caller must not change it afterwards.
    /// </summary>
    [Alias("Upsert")]
    Task Upsert([Immutable] OperationView operation);

    /// <summary>This shard's operations matching <paramref name="query"/>, newest first.</summary>
    [ReadOnly]
    [Alias("Query")]
    Task<IReadOnlyList<OperationView>> Query(OperationQuery query);
}
