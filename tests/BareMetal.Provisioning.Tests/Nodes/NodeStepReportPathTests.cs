using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Tests.Infrastructure;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>
/// A step's report survives the failure of any grain call on its way: the call that brings it to the node, and the
/// calls the node's report turn makes to the operation (whose silo may just have died).
/// </summary>
public sealed class NodeStepReportPathTests(NodeStepReportFaultClusterFixture fixture) : IClassFixture<NodeStepReportFaultClusterFixture>
{
    [Fact]
    public async Task A_deploy_goes_on_while_its_operation_cannot_be_told_and_the_operation_ends_succeeded_once_it_can()
    {
        var node = await fixture.AvailableAsync("report-advance");
        // The operation's silo is gone for the whole deploy: it cannot be told the deploy reached its second step.
        var unreachable = fixture.Faults.Fail<IOperationGrain>(nameof(IOperationGrain.Advance), when: (_, update) => update is OperationStepUpdate { Progress.StepNumber: 2 });
        OperationView deploy;
        try
        {
            deploy = await node.Request(ProvisionEvent.Deploy, null);
            var active = await fixture.WaitForStableAsync(node, ProvisionState.Active);

            Assert.Equal(PowerState.On, active.PowerState);
            Assert.True(unreachable.Hits > 0);
            // Never told its end before its second step.
            Assert.Equal(OperationStatus.Running, (await fixture.OperationAsync(deploy.Id)).Status);
        }
        finally
        {
            unreachable.Dispose();
        }

        var ended = await fixture.GrainFactory.WaitForOperationAsync(deploy.Id, o => o.Status.IsTerminal(), "the end");
        Assert.Equal(OperationStatus.Succeeded, ended.Status);
        Assert.Equal(2, ended.Progress.StepNumber);
    }

    [Fact]
    public async Task A_report_the_node_could_not_receive_is_sent_again_and_the_deploy_ends()
    {
        var node = await fixture.AvailableAsync("report-resent");
        var id = node.GetPrimaryKeyString();
        using var lost = fixture.Faults.Fail<INodeGrain>(nameof(INodeGrain.DriverStepCompleted), times: 2, when: (key, report) => key == id && report is NodeStepReport { Step: 1 });

        var deploy = await node.Request(ProvisionEvent.Deploy, null);
        await fixture.WaitForStableAsync(node, ProvisionState.Active);

        Assert.Equal(2, lost.Hits);
        var ended = await fixture.GrainFactory.WaitForOperationAsync(deploy.Id, o => o.Status.IsTerminal(), "the end");
        Assert.Equal(OperationStatus.Succeeded, ended.Status);
    }
}
