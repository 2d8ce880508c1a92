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
}
