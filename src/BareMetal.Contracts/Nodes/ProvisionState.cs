namespace BareMetal.Contracts.Nodes;

/// <summary>
/// A node's provision state, following OpenStack Ironic's state machine (the Ironic name of each
/// value is given by <see cref="ProvisionStateNames"/>). Stable states wait for a request; transient
/// states are on their way to a target; failure states wait for an operator.
/// </summary>
public enum ProvisionState
{
    /// <summary>"enroll": registered, credentials not verified.</summary>
    Enroll,

    /// <summary>"verifying": checking power credentials after manage.</summary>
    Verifying,

    /// <summary>"manageable": verified, under operator control.</summary>
    Manageable,

    /// <summary>"inspecting": hardware inspection running.</summary>
    Inspecting,

    /// <summary>"inspect wait": waiting for the inspection agent.</summary>
    InspectWait,

    /// <summary>"inspect failed".</summary>
    InspectFailed,

    /// <summary>"available": clean and ready to deploy.</summary>
    Available,

    /// <summary>"deploying": deployment running.</summary>
    Deploying,

    /// <summary>"wait call-back": waiting for the deploy agent.</summary>
    WaitCallBack,

    /// <summary>"active": deployed.</summary>
    Active,

    /// <summary>"deploy failed".</summary>
    DeployFailed,

    /// <summary>"deleting": tear-down running.</summary>
    Deleting,

    /// <summary>"cleaning": cleaning running.</summary>
    Cleaning,

    /// <summary>"clean wait": waiting for the cleaning agent.</summary>
    CleanWait,

    /// <summary>"clean failed".</summary>
    CleanFailed,

    /// <summary>"error": tear-down failed.</summary>
    Error,

    /// <summary>"adopting": taking over a node already deployed.</summary>
    Adopting,

    /// <summary>"adopt failed".</summary>
    AdoptFailed,

    /// <summary>"rescuing".</summary>
    Rescuing,

    /// <summary>"rescue wait".</summary>
    RescueWait,

    /// <summary>"rescue failed".</summary>
    RescueFailed,

    /// <summary>"rescue": booted into the rescue ramdisk.</summary>
    Rescue,

    /// <summary>"unrescuing".</summary>
    Unrescuing,

    /// <summary>"unrescue failed".</summary>
    UnrescueFailed,
}
