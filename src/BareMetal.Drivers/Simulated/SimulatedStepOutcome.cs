namespace BareMetal.Drivers.Simulated;

/// <summary>How a simulated step ended.</summary>
public enum SimulatedStepOutcome
{
    /// <summary>It took effect.</summary>
    Done,

    /// <summary>It failed (an injected fault).</summary>
    Failed,

    /// <summary>Its caller cancelled it before it took effect.</summary>
    Cancelled,
}
