namespace BareMetal.Runtime.Messaging;

/// <summary>
/// What the runtime needs to know about the turn the current code runs in: the chain of waiting
/// callers (for deadlock detection) and the deadline inherited from the original caller. Kept in one
/// async-local so starting a turn sets one value.
/// </summary>
internal sealed class TurnContext(CallChainEntry? callChain, long deadlineMs)
{
    private static readonly AsyncLocal<TurnContext?> s_current = new();

    public static TurnContext? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    public CallChainEntry? CallChain { get; } = callChain;

    /// <summary>Environment.TickCount64 at which the caller stops waiting; long.MaxValue when none.</summary>
    public long DeadlineMs { get; } = deadlineMs;
}
