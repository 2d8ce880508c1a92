using BareMetal.Contracts.Operations;

namespace BareMetal.Provisioning.Nodes;

/// <summary>An operation the node accepted in the current turn and has not created yet.</summary>
/// <param name="operationId">The operation's id (its grain key).</param>
/// <param name="request">What it was asked to do.</param>
internal sealed class OperationCreation(string operationId, OperationRequest request)
{
    /// <summary>The operation's id (its grain key).</summary>
    public string OperationId { get; } = operationId;

    /// <summary>What it was asked to do.</summary>
    public OperationRequest Request { get; } = request;

    /// <summary>
    /// The view the operation answered its creation with; null until it is created. The node answers its caller with
    /// it rather than asking the operation again, unless the same turn queued the operation another update.
    /// </summary>
    public OperationView? Created { get; set; }
}
