namespace BareMetal.Provisioning.Nodes;

/// <summary>Which hardware steps may safely run twice.</summary>
public static class NodeStepKindIdempotency
{
    /// <summary>
    /// Whether running the step again changes nothing more than running it once. Reads and validation
    /// are; writing an image, cleaning, tearing down and power changes are not, and so is any kind this
    /// method does not know (the safe answer for a step added later).
    /// </summary>
    public static bool IsIdempotent(this NodeStepKind kind) => kind switch
    {
        NodeStepKind.Validate => true,
        // Inspection only reads the hardware and records what it found.
        NodeStepKind.Inspect => true,
        _ => false,
    };
}
