namespace BareMetal.Runtime.Messaging;

/// <summary>
/// Message ids: a per-process random start plus a counter, so ids from different silos do not collide
/// in call chains and correlation tables.
/// </summary>
internal static class MessageIds
{
    private static long s_next = Random.Shared.NextInt64(1, long.MaxValue / 2);

    public static long Next() => Interlocked.Increment(ref s_next);
}
