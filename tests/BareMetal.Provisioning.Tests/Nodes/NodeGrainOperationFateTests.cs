using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Operations;
using BareMetal.Provisioning.Tests.Infrastructure;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>What a node answers an operation that asks where it stands.</summary>
public sealed class NodeGrainOperationFateTests(NodeClusterFixture fixture) : IClassFixture<NodeClusterFixture>
{
    [Fact]
    public async Task The_node_knows_how_its_operations_ended_and_which_it_never_recorded()
    {
        var node = await fixture.ManageableAsync("fate");
        var power = await node.Submit(new NodeActionRequest(OperationAction.PowerOn));
        await fixture.GrainFactory.WaitForOperationAsync(power.Id, o => o.Status.IsTerminal(), "the end");

        var finished = await node.OperationFate(power.Id);
        var unknown = await node.OperationFate(OperationIds.New());

        Assert.Equal(new NodeOperationFate(NodeOperationStanding.Finished, OperationStatus.Succeeded), finished);
        Assert.Equal(NodeOperationStanding.Unknown, unknown.Standing);
    }
}
