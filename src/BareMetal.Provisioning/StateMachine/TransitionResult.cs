using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.StateMachine;

/// <summary>The outcome of firing an event: the next provisioning, or the reason it was refused.</summary>
public sealed record TransitionResult(bool Allowed, NodeProvisioning Next, string? RefusalReason)
{
    /// <summary>An allowed transition.</summary>
    public static TransitionResult To(NodeProvisioning next) => new(true, next, null);

    /// <summary>A refused event; the node stays where it is.</summary>
    public static TransitionResult Refused(NodeProvisioning current, string reason) => new(false, current, reason);
}
