using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>
/// A request whose node write is refused because another activation of the node wrote first (two activations for a
/// moment after a silo died) was not recorded and is not carried out: its operation, already created, fails at once
/// instead of staying queued or running until the reconciliation a minute later.
/// </summary>
public sealed class NodeGrainUnrecordedRequestTests(NodeRecoveryClusterFixture fixture) : IClassFixture<NodeRecoveryClusterFixture>
{
    [Fact]
    public async Task The_operation_of_a_request_the_node_could_not_record_fails_at_once()
    {
        var id = await fixture.AvailableAsync("unrecorded");
        var node = fixture.Node(id);
        string? created = null;
        // The operation's id, seen as it is created; nothing is failed there.
        using var spy = fixture.Faults.Before<IOperationGrain>(nameof(IOperationGrain.CreateRunning), () => { }, when: (key, _) =>
        {
            created ??= key;
            return false;
        });
        // Just before the request reaches the node, another activation writes it.
        using var takeover = fixture.Faults.Before<INodeGrain>(
            nameof(INodeGrain.Request),
            () => fixture.RewriteStoredState(id, state => state["Version"] = state["Version"]!.GetValue<long>() + 1),
            times: 1,
            when: (key, _) => key == id);

        await Assert.ThrowsAsync<Orleans.Storage.InconsistentStateException>(() => node.Request(ProvisionEvent.Deploy, null));

        Assert.NotNull(created);
        var operation = await fixture.GrainFactory.GetGrain<IOperationGrain>(created).Get();
        Assert.Equal(OperationStatus.Failed, operation.Status);
        Assert.Contains("not carried out", operation.Error, StringComparison.Ordinal);
        Assert.Equal(0, fixture.Driver[id].CallCount("write-image"));
    }
}
