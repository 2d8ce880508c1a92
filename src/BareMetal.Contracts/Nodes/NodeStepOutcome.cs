namespace BareMetal.Contracts.Nodes;

/// <summary>How a hardware step ended, as reported back to the node.</summary>
public enum NodeStepOutcome
{
    /// <summary>The step finished.</summary>
    Done,

    /// <summary>The step was handed to an agent; its result comes later as another report.</summary>
    Pending,

    /// <summary>The step failed; the report's message says why.</summary>
    Failed,
}
