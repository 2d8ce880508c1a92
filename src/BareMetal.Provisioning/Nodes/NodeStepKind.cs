namespace BareMetal.Provisioning.Nodes;

/// <summary>The hardware steps the node grain knows how to run.</summary>
public enum NodeStepKind
{
    /// <summary>Management validation (manage from enroll).</summary>
    Validate,

    /// <summary>Automated or manual cleaning.</summary>
    Clean,

    /// <summary>Writing the image (the agent calls back).</summary>
    WriteImage,

    /// <summary>Powering on the deployed node.</summary>
    PowerOn,

    /// <summary>Tearing down a deployed instance.</summary>
    TearDown,

    /// <summary>Hardware inspection (fills the node's properties).</summary>
    Inspect,

    /// <summary>Booting the rescue ramdisk (its agent calls back).</summary>
    Rescue,

    /// <summary>Booting back into the deployed instance.</summary>
    Unrescue,

    /// <summary>An operator's power action (see <see cref="NodeStep.Power"/>).</summary>
    Power,
}
