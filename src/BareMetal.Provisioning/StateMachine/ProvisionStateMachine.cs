using System.Collections.Frozen;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.StateMachine;

/// <summary>
/// The pure function over <see cref="ProvisionTransitions"/>: given where a node stands and an event,
/// where it goes next (with its new target state), or why not. No I/O, no clock: the node grain and
/// the tests drive it the same way.
/// </summary>
public static class ProvisionStateMachine
{
    private static readonly FrozenDictionary<(ProvisionState, ProvisionEvent), ProvisionState> s_table =
        ProvisionTransitions.All.ToFrozenDictionary(t => (t.From, t.Event), t => t.To);

    /// <summary>Events an API caller may request (the others are reported by the work itself).</summary>
    public static bool IsVerb(ProvisionEvent e) => e is not (ProvisionEvent.Done or ProvisionEvent.Fail or ProvisionEvent.Wait or ProvisionEvent.Resume);

    /// <summary>The verb's name in requests and messages (Ironic's "active" is our "deploy", "deleted" our "undeploy").</summary>
    public static string VerbName(ProvisionEvent e) => e switch
    {
        ProvisionEvent.Delete => "undeploy",
        _ => e.ToString().ToLowerInvariant(),
    };

    /// <summary>Whether <paramref name="e"/> is allowed in <paramref name="state"/>.</summary>
    public static bool IsAllowed(ProvisionState state, ProvisionEvent e) => s_table.ContainsKey((state, e));

    /// <summary>Fires <paramref name="e"/> on <paramref name="current"/>.</summary>
    public static TransitionResult Fire(NodeProvisioning current, ProvisionEvent e)
    {
        if (!s_table.TryGetValue((current.State, e), out var next))
        {
            return TransitionResult.Refused(current, IsVerb(e)
                ? $"{VerbName(e)} is not allowed in state {current.State.ToIronicName()}"
                : $"the event {VerbName(e)} cannot happen in state {current.State.ToIronicName()}");
        }

        // Manual cleaning (the clean verb from manageable) returns to manageable; automated cleaning
        // (provide, or after a tear-down) ends in available. The flag lives while cleaning lasts.
        var manualClean = e switch
        {
            ProvisionEvent.Clean when current.State == ProvisionState.Manageable => true,
            _ when next is ProvisionState.Cleaning or ProvisionState.CleanWait or ProvisionState.CleanFailed => current.ManualClean,
            _ => false,
        };

        if (current.State is ProvisionState.Cleaning && e == ProvisionEvent.Done && current.ManualClean)
        {
            next = ProvisionState.Manageable;
        }

        return TransitionResult.To(new NodeProvisioning(next, TargetOf(next, manualClean), manualClean));
    }

    /// <summary>
    /// The stable state a node in <paramref name="state"/> is heading to; null for stable states. Failure
    /// states keep the goal they failed to reach, as Ironic shows them.
    /// </summary>
    public static ProvisionState? TargetOf(ProvisionState state, bool manualClean = false) => state switch
    {
        ProvisionState.Verifying => ProvisionState.Manageable,
        ProvisionState.Cleaning or ProvisionState.CleanWait or ProvisionState.CleanFailed => manualClean ? ProvisionState.Manageable : ProvisionState.Available,
        ProvisionState.Deploying or ProvisionState.WaitCallBack or ProvisionState.DeployFailed => ProvisionState.Active,
        ProvisionState.Deleting or ProvisionState.Error => ProvisionState.Available,
        ProvisionState.Inspecting or ProvisionState.InspectWait or ProvisionState.InspectFailed => ProvisionState.Manageable,
        ProvisionState.Adopting or ProvisionState.AdoptFailed => ProvisionState.Active,
        ProvisionState.Rescuing or ProvisionState.RescueWait or ProvisionState.RescueFailed => ProvisionState.Rescue,
        ProvisionState.Unrescuing or ProvisionState.UnrescueFailed => ProvisionState.Active,
        _ => null,
    };

    /// <summary>Whether work is in progress in <paramref name="state"/> (not a stable or failure state).</summary>
    public static bool IsTransient(ProvisionState state) => state is ProvisionState.Verifying or ProvisionState.Cleaning
        or ProvisionState.CleanWait or ProvisionState.Deploying or ProvisionState.WaitCallBack or ProvisionState.Deleting
        or ProvisionState.Inspecting or ProvisionState.InspectWait or ProvisionState.Adopting or ProvisionState.Rescuing
        or ProvisionState.RescueWait or ProvisionState.Unrescuing;
}
