using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Drivers.Simulated;

namespace BareMetal.Provisioning.Tests.Nodes;

public sealed class NodeGrainCancelTests(NodeClusterFixture fixture) : IClassFixture<NodeClusterFixture>
{
    private static readonly TimeSpan s_hang = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Cancel_QueuedOperation_LeavesTheQueueCancelled()
    {
        var grain = await fixture.EnrollAsync("cancel-queued");
        var bmc = fixture.Fleet[grain.GetPrimaryKeyString()];
        bmc.HangNextCalls(SimulatedStepKind.Validate);
        var manage = await grain.Request(ProvisionEvent.Manage, null);
        var provide = await grain.Request(ProvisionEvent.Provide, null);

        var outcome = await grain.Cancel(provide.Id, "changed my mind");

        Assert.True(outcome.Accepted);
        Assert.Equal(OperationStatus.Cancelled, outcome.Status);
        Assert.Equal([manage.Id], (await grain.Get()).PendingOperationIds);
        Assert.Equal(OperationStatus.Cancelled, (await fixture.OperationAsync(provide.Id)).Status);
        Assert.Contains(await grain.History(), h => h.Event == "cancelled" && h.OperationId == provide.Id);
        await grain.Cancel(manage.Id, "test over");
    }

    [Fact]
    public async Task Cancel_RunningClean_InterruptsTheDriverAndFailsTheClean()
    {
        var grain = await fixture.ManageableAsync("cancel-clean");
        var bmc = fixture.Fleet[grain.GetPrimaryKeyString()];
        bmc.HangNextCalls(SimulatedStepKind.Clean);
        var hanging = bmc.WhenHanging(SimulatedStepKind.Clean);
        var provide = await grain.Request(ProvisionEvent.Provide, null);
        await hanging.WaitAsync(s_hang);

        var outcome = await grain.Cancel(provide.Id, "wrong node");
        var view = await grain.Get();

        Assert.True(outcome.Accepted);
        Assert.Equal(ProvisionState.CleanFailed, view.ProvisionState);
        Assert.Equal("cancelled: wrong node", view.LastError);
        Assert.Empty(view.PendingOperationIds);
        var operation = await fixture.OperationAsync(provide.Id);
        Assert.Equal(OperationStatus.Cancelled, operation.Status);
        Assert.Equal("cancelled: wrong node", operation.Error);
        Assert.Equal(0, bmc.RunCount(SimulatedStepKind.Clean));
        // The node can be managed again after the failed clean.
        await grain.Request(ProvisionEvent.Manage, null);
        await fixture.WaitForStableAsync(grain, ProvisionState.Manageable);
    }

    [Fact]
    public async Task Cancel_PowerActionNotYetApplied_LeavesThePowerAsItWas()
    {
        var grain = await fixture.ManageableAsync("cancel-power");
        var bmc = fixture.Fleet[grain.GetPrimaryKeyString()];
        bmc.HangNextCalls(SimulatedStepKind.PowerOn);
        var hanging = bmc.WhenHanging(SimulatedStepKind.PowerOn);
        var on = await grain.Submit(new NodeActionRequest(OperationAction.PowerOn));
        await hanging.WaitAsync(s_hang);
        var running = await grain.Get();

        var outcome = await grain.Cancel(on.Id, null);
        var view = await grain.Get();

        Assert.Equal(PowerState.On, running.TargetPowerState);
        Assert.True(outcome.Accepted);
        Assert.Null(view.TargetPowerState);
        Assert.Equal(ProvisionState.Manageable, view.ProvisionState);
        Assert.Equal(PowerState.Off, bmc.PowerState);
        Assert.Equal(0, bmc.RunCount(SimulatedStepKind.PowerOn));
        Assert.Equal(OperationStatus.Cancelled, (await fixture.OperationAsync(on.Id)).Status);
    }

    [Fact]
    public async Task Cancel_ImageWriteHandedOver_IsNotAcceptedWithTheReason()
    {
        var grain = await fixture.AvailableAsync("cancel-deploy");
        fixture.Fleet[grain.GetPrimaryKeyString()].HangNextCalls(SimulatedStepKind.WriteImage);
        var deploy = await grain.Request(ProvisionEvent.Deploy, null);
        await fixture.WaitForAsync(grain, v => v.ProvisionState == ProvisionState.WaitCallBack, "wait call-back");

        var outcome = await grain.Cancel(deploy.Id, "too slow");

        Assert.False(outcome.Accepted);
        Assert.Equal(OperationStatus.Running, outcome.Status);
        Assert.Contains("image write was handed to the deploy agent", outcome.Reason, StringComparison.Ordinal);
        var operation = await fixture.OperationAsync(deploy.Id);
        Assert.Equal(OperationStatus.Running, operation.Status);
        Assert.False(operation.Cancellable);
        Assert.Equal(ProvisionState.WaitCallBack, (await grain.Get()).ProvisionState);
    }

    [Fact]
    public async Task Cancel_OperationOfAnotherNode_IsRefused()
    {
        var grain = await fixture.EnrollAsync("cancel-unknown");

        var refused = await Assert.ThrowsAsync<NodeRequestRefusedException>(() => grain.Cancel("op-0000", null));

        Assert.Contains($"operation op-0000 is not pending on node {grain.GetPrimaryKeyString()}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_FinishedOperation_IsNotAcceptedAndSaysItEnded()
    {
        var grain = await fixture.EnrollAsync("cancel-finished");
        var manage = await grain.Request(ProvisionEvent.Manage, null);
        await fixture.WaitForStableAsync(grain, ProvisionState.Manageable);

        var outcome = await grain.Cancel(manage.Id, null);

        Assert.False(outcome.Accepted);
        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
    }
}
