namespace BareMetal.Contracts.Operations;

/// <summary>What an operation does to its node; <see cref="OperationActionExtensions.ToWireName"/> gives the API spelling.</summary>
public enum OperationAction
{
    /// <summary>"manage".</summary>
    Manage,

    /// <summary>"inspect".</summary>
    Inspect,

    /// <summary>"provide".</summary>
    Provide,

    /// <summary>"deploy".</summary>
    Deploy,

    /// <summary>"undeploy".</summary>
    Undeploy,

    /// <summary>"rebuild".</summary>
    Rebuild,

    /// <summary>"clean".</summary>
    Clean,

    /// <summary>"abort".</summary>
    Abort,

    /// <summary>"rescue".</summary>
    Rescue,

    /// <summary>"unrescue".</summary>
    Unrescue,

    /// <summary>"power-on".</summary>
    PowerOn,

    /// <summary>"power-off".</summary>
    PowerOff,

    /// <summary>"reboot".</summary>
    Reboot,

    /// <summary>"soft-power-off".</summary>
    SoftPowerOff,

    /// <summary>"maintenance-on".</summary>
    MaintenanceOn,

    /// <summary>"maintenance-off".</summary>
    MaintenanceOff,

    /// <summary>"adopt": takes over a manageable node that already runs its workload, making it active without deploying.</summary>
    Adopt,
}
