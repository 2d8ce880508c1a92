namespace BareMetal.Provisioning.Drivers;

/// <summary>A power action a driver applies to a node.</summary>
public enum PowerAction
{
    /// <summary>Power the node on.</summary>
    On,

    /// <summary>Power the node off hard.</summary>
    Off,

    /// <summary>Power cycle the node; it ends powered on.</summary>
    Reboot,

    /// <summary>Ask the operating system to shut down (ACPI); it ends powered off.</summary>
    SoftOff,
}
