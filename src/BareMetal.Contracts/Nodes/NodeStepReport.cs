
namespace BareMetal.Contracts.Nodes;

/// <summary>
/// The result of one hardware step, sent to the node as a message (by its own worker or by a driver
/// callback). Identified by operation, step number and attempt so that late or repeated reports of an
/// older step are recognised and ignored.
/// </summary>
/// <param name="OperationId">The operation the step belongs to.</param>
/// <param name="Step">The step number within the operation (1-based).</param>
/// <param name="Attempt">The attempt of that step (1-based).</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Message">Why it failed, when it failed.</param>
[GenerateSerializer, Immutable, Alias("baremetal.NodeStepReport")]
public sealed record NodeStepReport([property: Id(0)] string OperationId, [property: Id(1)] int Step, [property: Id(2)] int Attempt, [property: Id(3)] NodeStepOutcome Outcome, [property: Id(4)] string? Message = null)
{
    /// <summary>For a finished inspection: the hardware properties found; null otherwise.</summary>
    [Id(5)]
    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    /// <summary>For a finished validation: the power state the BMC reported, when it could be read; null otherwise.</summary>
    [Id(6)]
    public PowerState? PowerState { get; init; }
}
