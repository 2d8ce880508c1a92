using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Tests.Infrastructure;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>
/// A request retried under the same idempotency key (its first answer lost with a silo, the key's stored answer with
/// it) gets the operation the node accepted the first time, even when that operation has already ended.
/// </summary>
public sealed class NodeGrainKeyedRetryTests(NodeClusterFixture fixture) : IClassFixture<NodeClusterFixture>
{
    [Fact]
    public async Task A_retry_under_the_same_key_after_the_operation_ended_gets_that_operation_not_a_new_one()
    {
        var node = await fixture.ManageableAsync("keyed-retry");
        var first = await node.Submit(new NodeActionRequest(OperationAction.PowerOn, IdempotencyKey: "retry-1"));
        await fixture.GrainFactory.WaitForOperationAsync(first.Id, o => o.Status.IsTerminal(), "the end");

        var retry = await node.Submit(new NodeActionRequest(OperationAction.PowerOn, IdempotencyKey: "retry-1"));

        Assert.Equal(first.Id, retry.Id);
        Assert.Equal(OperationStatus.Succeeded, retry.Status);
        Assert.Single(await node.RecentOperations(), id => id != first.Id);
    }

    [Fact]
    public async Task The_same_action_under_another_key_after_the_first_ended_is_a_new_operation()
    {
        var node = await fixture.ManageableAsync("keyed-other");
        var first = await node.Submit(new NodeActionRequest(OperationAction.PowerOn, IdempotencyKey: "first"));
        await fixture.GrainFactory.WaitForOperationAsync(first.Id, o => o.Status.IsTerminal(), "the end");

        var other = await node.Submit(new NodeActionRequest(OperationAction.PowerOn, IdempotencyKey: "second"));

        Assert.NotEqual(first.Id, other.Id);
    }
}
