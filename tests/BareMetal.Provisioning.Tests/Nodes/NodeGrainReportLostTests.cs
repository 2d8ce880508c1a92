using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Drivers;
using BareMetal.Provisioning.Tests.Infrastructure;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>
/// A step launched by the live activation whose report never arrives (every attempt to send it failed): the
/// step-watch does not wait for the step timeout, it asks the driver what became of the step, as after a lost silo.
/// </summary>
public sealed class NodeGrainReportLostTests(NodeRecoveryClusterFixture fixture) : IClassFixture<NodeRecoveryClusterFixture>
{
    [Fact]
    public async Task A_write_whose_report_was_lost_is_looked_up_by_its_token_and_the_deploy_continues()
    {
        var id = await fixture.AvailableAsync("report-lost");
        var node = fixture.Node(id);
        var driver = fixture.Driver[id];
        driver.Status = new DriverStepStatus(DriverStepState.Done);
        // Every attempt to hand the image write's result to the node fails.
        using var lost = fixture.Faults.Fail<INodeGrain>(nameof(INodeGrain.DriverStepCompleted), when: (key, report) => key == id && report is NodeStepReport { Outcome: NodeStepOutcome.Pending });

        var deploy = await node.Request(ProvisionEvent.Deploy, null);
        var active = await fixture.WaitForStableAsync(id, ProvisionState.Active);

        Assert.Equal(2, lost.Hits);
        Assert.Equal(PowerState.On, active.PowerState);
        Assert.Equal(1, driver.CallCount("write-image"));
        Assert.Contains(new StepToken(id, deploy.Id, 1, 1), driver.StatusQueries);
        var recovered = Assert.Single(await node.History(), h => h.Event == "recovered");
        Assert.Equal("step 1: write image ended but its report never reached the node; the driver reports it done; continuing", recovered.Message);
        var ended = await fixture.GrainFactory.WaitForOperationAsync(deploy.Id, o => o.Status.IsTerminal(), "the end");
        Assert.Equal(OperationStatus.Succeeded, ended.Status);
    }
}
