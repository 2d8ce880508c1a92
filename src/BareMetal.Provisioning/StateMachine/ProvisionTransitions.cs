using BareMetal.Contracts.Nodes;
using static BareMetal.Contracts.Nodes.ProvisionEvent;
using static BareMetal.Contracts.Nodes.ProvisionState;

namespace BareMetal.Provisioning.StateMachine;

/// <summary>
/// Ironic's provision state machine as data: every allowed (state, event) pair and where it leads.
/// Anything not listed is refused. Kept in one table so it can be read, diffed against Ironic's and
/// tested exhaustively.
/// </summary>
public static class ProvisionTransitions
{
    /// <summary>The allowed transitions.</summary>
    public static IReadOnlyList<Transition> All { get; } =
    [
        new(Enroll, Manage, Verifying),
        new(Verifying, Done, Manageable),
        new(Verifying, Fail, Enroll),

        new(Manageable, Provide, Cleaning),
        new(Manageable, ProvisionEvent.Clean, Cleaning),
        new(Manageable, Inspect, Inspecting),
        new(Manageable, Adopt, Adopting),

        new(Cleaning, Done, Available),
        new(Cleaning, Wait, CleanWait),
        new(Cleaning, Fail, CleanFailed),
        new(Cleaning, Manage, Manageable),
        new(CleanWait, Resume, Cleaning),
        new(CleanWait, Fail, CleanFailed),
        new(CleanWait, Abort, CleanFailed),
        new(CleanFailed, Manage, Manageable),

        new(Available, Deploy, Deploying),
        new(Available, Manage, Manageable),

        new(Deploying, Done, ProvisionState.Active),
        new(Deploying, Wait, WaitCallBack),
        new(Deploying, Fail, DeployFailed),
        new(WaitCallBack, Resume, Deploying),
        new(WaitCallBack, Fail, DeployFailed),
        new(WaitCallBack, Delete, Deleting),
        new(DeployFailed, Deploy, Deploying),
        new(DeployFailed, Rebuild, Deploying),
        new(DeployFailed, Delete, Deleting),

        new(ProvisionState.Active, Rebuild, Deploying),
        new(ProvisionState.Active, Delete, Deleting),
        new(ProvisionState.Active, ProvisionEvent.Rescue, Rescuing),

        new(Deleting, ProvisionEvent.Clean, Cleaning),
        new(Deleting, Fail, Error),
        new(Error, Rebuild, Deploying),
        new(Error, Delete, Deleting),

        new(Inspecting, Done, Manageable),
        new(Inspecting, Wait, InspectWait),
        new(Inspecting, Fail, InspectFailed),
        new(InspectWait, Done, Manageable),
        new(InspectWait, Fail, InspectFailed),
        new(InspectWait, Abort, InspectFailed),
        new(InspectFailed, Manage, Manageable),
        new(InspectFailed, Inspect, Inspecting),

        new(Adopting, Done, ProvisionState.Active),
        new(Adopting, Fail, AdoptFailed),
        new(AdoptFailed, Adopt, Adopting),
        new(AdoptFailed, Manage, Manageable),

        new(Rescuing, Done, ProvisionState.Rescue),
        new(Rescuing, Wait, RescueWait),
        new(Rescuing, Fail, RescueFailed),
        new(RescueWait, Resume, Rescuing),
        new(RescueWait, Fail, RescueFailed),
        new(RescueWait, Abort, RescueFailed),
        new(RescueWait, Delete, Deleting),
        new(ProvisionState.Rescue, ProvisionEvent.Rescue, Rescuing),
        new(ProvisionState.Rescue, Unrescue, Unrescuing),
        new(ProvisionState.Rescue, Delete, Deleting),
        new(RescueFailed, ProvisionEvent.Rescue, Rescuing),
        new(RescueFailed, Unrescue, Unrescuing),
        new(RescueFailed, Delete, Deleting),

        new(Unrescuing, Done, ProvisionState.Active),
        new(Unrescuing, Fail, UnrescueFailed),
        new(UnrescueFailed, ProvisionEvent.Rescue, Rescuing),
        new(UnrescueFailed, Unrescue, Unrescuing),
        new(UnrescueFailed, Delete, Deleting),
    ];
}
