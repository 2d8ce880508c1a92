using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Drivers.Simulated;

namespace BareMetal.Provisioning.Tests.Nodes;

public sealed class NodeGrainCleanWaitTests(NodeAgentCleanClusterFixture fixture) : IClassFixture<NodeAgentCleanClusterFixture>
{
    private async Task<INodeGrain> CleaningHungInCleanWaitAsync(string prefix)
    {
        var grain = await fixture.ManageableAsync(prefix);
        fixture.Fleet[grain.GetPrimaryKeyString()].HangNextCalls(SimulatedStepKind.Clean);
        return grain;
    }

    [Fact]
    public async Task Provide_CleaningAgentReports_PassesCleanWaitAndReachesAvailable()
    {
        var grain = await fixture.ManageableAsync("clean-wait");

        var provide = await grain.Request(ProvisionEvent.Provide, null);
        await fixture.WaitForStableAsync(grain, ProvisionState.Available);

        var transitions = (await grain.History()).Where(h => h.Event == "transition" && h.OperationId == provide.Id).Select(h => h.To!.Value).ToList();
        Assert.Equal([ProvisionState.Cleaning, ProvisionState.CleanWait, ProvisionState.Cleaning, ProvisionState.Available], transitions);
        Assert.Equal(1, fixture.Fleet[grain.GetPrimaryKeyString()].RunCount(SimulatedStepKind.Clean));
    }

    [Fact]
    public async Task Abort_InCleanWait_FailsTheCleanAndCancelsTheProvide()
    {
        var grain = await CleaningHungInCleanWaitAsync("abort-clean");
        var provide = await grain.Request(ProvisionEvent.Provide, null);
        await fixture.WaitForAsync(grain, v => v.ProvisionState == ProvisionState.CleanWait, "clean wait");

        var abort = await grain.Submit(new NodeActionRequest(OperationAction.Abort));
        var view = await fixture.WaitForStableAsync(grain, ProvisionState.CleanFailed);

        Assert.Equal(OperationStatus.Succeeded, abort.Status);
        Assert.Equal("clean failed", abort.Result);
        Assert.Equal(OperationStatus.Cancelled, (await fixture.OperationAsync(provide.Id)).Status);
        Assert.Equal(ProvisionState.Available, view.TargetProvisionState);
        Assert.Equal("aborted", view.LastError);
        Assert.Contains(abort.Id, await grain.RecentOperations());
    }

    [Fact]
    public async Task Cancel_ManualCleanInCleanWait_AbortsToCleanFailedAndManageIsAllowedAgain()
    {
        var grain = await CleaningHungInCleanWaitAsync("cancel-clean-wait");
        var clean = await grain.Submit(new NodeActionRequest(
            OperationAction.Clean,
            new Dictionary<string, string> { ["clean_steps"] = """[{"interface": "deploy", "step": "erase_devices"}]""" }));
        await fixture.WaitForAsync(grain, v => v.ProvisionState == ProvisionState.CleanWait, "clean wait");

        var outcome = await grain.Cancel(clean.Id, "maintenance window closed");
        var failed = await grain.Get();
        await grain.Request(ProvisionEvent.Manage, null);
        var manageable = await fixture.WaitForStableAsync(grain, ProvisionState.Manageable);

        Assert.True(outcome.Accepted);
        Assert.Equal(ProvisionState.CleanFailed, failed.ProvisionState);
        Assert.Equal(ProvisionState.Manageable, failed.TargetProvisionState);
        Assert.Equal("cancelled: maintenance window closed", failed.LastError);
        Assert.Null(manageable.LastError);
    }
}
