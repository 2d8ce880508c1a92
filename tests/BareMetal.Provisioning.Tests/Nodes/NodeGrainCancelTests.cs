using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Drivers.Simulated;

namespace BareMetal.Provisioning.Tests.Nodes;

public sealed class NodeGrainCancelTests(NodeClusterFixture fixture) : IClassFixture<NodeClusterFixture>
{
    private static readonly TimeSpan s_hang = TimeSpan.FromSeconds(10);

    // A service on the embedded cluster client may cancel through the operation grain; the node decides either way.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancel_QueuedOperation_LeavesTheQueueCancelled_AndItNeverRuns(bool throughTheOperationGrain)
    {
        var grain = await fixture.EnrollAsync("cancel-queued");
        var bmc = fixture.Fleet[grain.GetPrimaryKeyString()];
        bmc.HangNextCalls(SimulatedStepKind.Validate);
        var manage = await grain.Request(ProvisionEvent.Manage, null);
        var provide = await grain.Request(ProvisionEvent.Provide, null);

        var outcome = await CancelAsync(grain, provide.Id, "changed my mind", throughTheOperationGrain);

        Assert.True(outcome.Accepted);
        Assert.Equal(OperationStatus.Cancelled, outcome.Status);
        Assert.Equal([manage.Id], (await grain.Get()).PendingOperationIds);
        var cancelled = await fixture.OperationAsync(provide.Id);
        Assert.Equal(OperationStatus.Cancelled, cancelled.Status);
        Assert.Equal("cancelled: changed my mind", cancelled.Error);
        Assert.Contains(await grain.History(), h => h.Event == "cancelled" && h.OperationId == provide.Id);

        // Once the manage is out of the way too, the node has nothing left to run: the cancelled provide never started.
        await grain.Cancel(manage.Id, "test over");
        await fixture.WaitForAsync(grain, v => v.PendingOperationIds.Count == 0, "an empty queue");
        Assert.Equal(0, bmc.CallCount(SimulatedStepKind.Clean));
        Assert.All((await grain.History()).Where(h => h.OperationId == provide.Id), h => Assert.Contains(h.Event, new[] { "queued", "requested", "cancelled" }));
    }

    [Fact]
    public async Task Cancel_FinishedOperation_ThroughEitherGrain_IsNotAcceptedAndSaysWhy()
    {
        var grain = await fixture.EnrollAsync("cancel-finished");
        var manage = await grain.Request(ProvisionEvent.Manage, null);
        await fixture.WaitForStableAsync(grain, ProvisionState.Manageable);

        var throughNode = await grain.Cancel(manage.Id, null);
        var throughOperation = await fixture.GrainFactory.GetGrain<IOperationGrain>(manage.Id).Cancel(null);

        Assert.Equal(new CancelOutcome(false, OperationStatus.Succeeded, "already Succeeded"), throughNode);
        Assert.Equal(throughNode, throughOperation);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancel_RunningClean_InterruptsTheDriverAndFailsTheClean(bool throughTheOperationGrain)
    {
        var grain = await fixture.ManageableAsync("cancel-clean");
        var bmc = fixture.Fleet[grain.GetPrimaryKeyString()];
        bmc.HangNextCalls(SimulatedStepKind.Clean);
        var hanging = bmc.WhenHanging(SimulatedStepKind.Clean);
        var provide = await grain.Request(ProvisionEvent.Provide, null);
        await hanging.WaitAsync(s_hang);

        var outcome = await CancelAsync(grain, provide.Id, "wrong node", throughTheOperationGrain);
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

    private Task<CancelOutcome> CancelAsync(INodeGrain node, string operationId, string? reason, bool throughTheOperationGrain) =>
        throughTheOperationGrain
            ? fixture.GrainFactory.GetGrain<IOperationGrain>(operationId).Cancel(reason)
            : node.Cancel(operationId, reason);
}
