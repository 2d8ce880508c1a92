namespace BareMetal.Provisioning.Drivers;

/// <summary>
/// Identifies one attempt of one driver step so callbacks and journal entries can refer to it:
/// a callback whose token does not match the step a node waits for is stale and ignored.
/// </summary>
/// <param name="NodeId">The node.</param>
/// <param name="OperationId">The operation (deploy, clean, ...) the step belongs to.</param>
/// <param name="Step">The step's number within the operation, from 0.</param>
/// <param name="Attempt">The attempt, from 1; a retried step gets a new attempt number.</param>
public sealed record StepToken(string NodeId, string OperationId, int Step, int Attempt)
{
    /// <inheritdoc />
    public override string ToString() => $"{NodeId}/{OperationId}/{Step}#{Attempt}";
}
