using BareMetal.Cluster.TestGrains;

namespace BareMetal.Cluster.Tests.Infrastructure;

/// <summary>One call of the steady load: when it ran (on the cluster's clock) and how it ended.</summary>
/// <param name="Key">The counter grain's key.</param>
/// <param name="Start">When the call was made.</param>
/// <param name="End">When it completed.</param>
/// <param name="Reply">The reply, when it succeeded.</param>
/// <param name="Error">The failure, when it failed.</param>
public sealed record CounterCall(string Key, TimeSpan Start, TimeSpan End, CounterReply? Reply, Exception? Error)
{
    public bool Succeeded => Reply is not null;
}
