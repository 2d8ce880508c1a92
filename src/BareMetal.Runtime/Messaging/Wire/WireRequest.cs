using BareMetal.Runtime.Invocation;

namespace BareMetal.Runtime.Messaging.Wire;

/// <summary>A request as decoded from the wire, before it becomes a local <see cref="Message"/>.</summary>
internal sealed record WireRequest(
    long MessageId,
    GrainId Target,
    RequestBase Request,
    long RemainingMs,
    int ForwardCount,
    string? TraceParent,
    string? TraceState,
    CallChainEntry? CallChain,
    RequestContextValues? Context,
    bool OneWay);
