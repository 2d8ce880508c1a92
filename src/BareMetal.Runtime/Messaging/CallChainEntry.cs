namespace BareMetal.Runtime.Messaging;

/// <summary>
/// One link of the chain of requests that are waiting on the current call: "grain G is running
/// message M and awaits this call". Immutable and shared, so extending it costs one allocation.
/// </summary>
internal sealed class CallChainEntry(GrainId grainId, long messageId, CallChainEntry? next)
{
    public GrainId GrainId { get; } = grainId;

    public long MessageId { get; } = messageId;

    public CallChainEntry? Next { get; } = next;

    public IReadOnlyList<GrainId> ToList()
    {
        var list = new List<GrainId>();
        for (var entry = this; entry is not null; entry = entry.Next)
        {
            list.Add(entry.GrainId);
        }

        list.Reverse();
        return list;
    }
}
