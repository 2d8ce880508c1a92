namespace BareMetal.Runtime;

/// <summary>
/// A request would wait for a non-reentrant grain that is itself waiting, directly or through other
/// grains, for this request's caller. The runtime refuses it instead of letting both sides hang until
/// their timeouts.
/// </summary>
public sealed class DeadlockException : BareMetalRuntimeException
{
    /// <summary>Creates the exception.</summary>
    public DeadlockException(IReadOnlyList<GrainId> callChain)
        : base($"Deadlock: the call chain {string.Join(" -> ", callChain)} returns to a grain that is busy waiting for it. Mark the grain [Reentrant] or the method [AlwaysInterleave] if this is intended.")
    {
        CallChain = callChain;
    }

    /// <summary>Creates the exception with a message.</summary>
    public DeadlockException(string message)
        : base(message)
    {
        CallChain = [];
    }

    /// <summary>The grains in the cycle, in call order, ending with the grain called again.</summary>
    public IReadOnlyList<GrainId> CallChain { get; }
}
