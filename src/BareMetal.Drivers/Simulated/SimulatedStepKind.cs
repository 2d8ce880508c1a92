namespace BareMetal.Drivers.Simulated;

/// <summary>The kinds of steps a <see cref="SimulatedBmc"/> counts and can inject failures into.</summary>
public enum SimulatedStepKind
{
    /// <summary><see cref="Provisioning.Drivers.IPowerInterface.GetPowerStateAsync"/>.</summary>
    GetPowerState,

    /// <summary>Power action <see cref="Provisioning.Drivers.PowerAction.On"/>.</summary>
    PowerOn,

    /// <summary>Power action <see cref="Provisioning.Drivers.PowerAction.Off"/>.</summary>
    PowerOff,

    /// <summary>Power action <see cref="Provisioning.Drivers.PowerAction.Reboot"/>.</summary>
    Reboot,

    /// <summary>Power action <see cref="Provisioning.Drivers.PowerAction.SoftOff"/>.</summary>
    SoftOff,

    /// <summary><see cref="Provisioning.Drivers.IManagementInterface.ValidateAsync"/>.</summary>
    Validate,

    /// <summary><see cref="Provisioning.Drivers.IDeployInterface.WriteImageAsync"/> (not idempotent).</summary>
    WriteImage,

    /// <summary><see cref="Provisioning.Drivers.IDeployInterface.TearDownAsync"/>.</summary>
    TearDown,

    /// <summary>Either <c>IDeployInterface.CleanAsync</c> overload (automated or manual cleaning; not idempotent).</summary>
    Clean,

    /// <summary><see cref="Provisioning.Drivers.IBootInterface.PrepareRamdiskAsync"/>.</summary>
    PrepareRamdisk,

    /// <summary><see cref="Provisioning.Drivers.IBootInterface.CleanUpRamdiskAsync"/>.</summary>
    CleanUpRamdisk,

    /// <summary><see cref="Provisioning.Drivers.IInspectInterface.InspectHardwareAsync"/>.</summary>
    Inspect,

    /// <summary><see cref="Provisioning.Drivers.IRescueInterface.RescueAsync"/> (the agent reports back).</summary>
    Rescue,

    /// <summary><see cref="Provisioning.Drivers.IRescueInterface.UnrescueAsync"/>.</summary>
    Unrescue,
}
