using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Tests.Infrastructure;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>
/// A keyed request answered with an operation already pending for the same action (another client's) makes the key
/// name that operation: a retry under the key after the operation ended gets it again, not a new one. The chaos
/// harness saw a key answered with two operations this way.
/// </summary>
public sealed class NodeGrainKeyedDuplicateTests(NodeRecoveryClusterFixture fixture) : IClassFixture<NodeRecoveryClusterFixture>
{
    [Fact]
    public async Task A_key_answered_with_a_pending_operation_gets_it_again_after_it_ended()
    {
        var id = await fixture.EnrollAsync("keyed-duplicate");
        var node = fixture.Node(id);
        await node.Request(ProvisionEvent.Manage, null);
        await fixture.WaitForStableAsync(id, ProvisionState.Manageable);

        // The first power-on hangs at the BMC, so it is still pending when the second client asks for the same.
        var driver = fixture.Driver[id];
        driver.HangPowerOnOnce = 1;
        var pending = await node.Submit(new NodeActionRequest(OperationAction.PowerOn, IdempotencyKey: "first-client"));
        await driver.WhenCalled("power-On", 1).WaitAsync(TimeSpan.FromSeconds(10));
        var duplicate = await node.Submit(new NodeActionRequest(OperationAction.PowerOn, IdempotencyKey: "second-client"));
        Assert.Equal(pending.Id, duplicate.Id);

        // Its silo goes; the node's new activation finds the power-on never took effect and runs it to its end.
        await fixture.RestartSiloAsync();
        await fixture.GrainFactory.WaitForOperationAsync(pending.Id, o => o.Status.IsTerminal(), "the power-on to end");

        var retry = await fixture.Node(id).Submit(new NodeActionRequest(OperationAction.PowerOn, IdempotencyKey: "second-client"));
        Assert.Equal(pending.Id, retry.Id);
    }
}
