using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;

namespace BareMetal.Provisioning.Nodes;

// TEMPORARY: members of INodeGrain whose implementation is being written; this file is deleted when they land.
public sealed partial class NodeGrain
{
    /// <inheritdoc />
    public Task<OperationView> Submit(NodeActionRequest request) => throw new NotSupportedException("Submit is not implemented yet.");

    /// <inheritdoc />
    public Task<NodeView> Update(NodeEdit edit) => throw new NotSupportedException("Update is not implemented yet.");

    /// <inheritdoc />
    public Task Delete(string? requestedBy) => throw new NotSupportedException("Delete is not implemented yet.");

    /// <inheritdoc />
    public Task<CancelOutcome> Cancel(string operationId, string? reason) => throw new NotSupportedException("Cancel is not implemented yet.");

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> RecentOperations() => throw new NotSupportedException("RecentOperations is not implemented yet.");
}
