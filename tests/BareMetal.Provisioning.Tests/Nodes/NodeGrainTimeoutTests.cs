using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Drivers.Simulated;
using BareMetal.Provisioning.Nodes;
using BareMetal.Provisioning.Tests.Infrastructure;

namespace BareMetal.Provisioning.Tests.Nodes;

public sealed class NodeGrainTimeoutTests(NodeTimeoutClusterFixture fixture) : IClassFixture<NodeTimeoutClusterFixture>
{
    private const string DeployTimedOut = "deploy timed out after 1 s waiting for the agent call-back";

    private async Task<INodeGrain> AvailableNodeAsync(string prefix)
    {
        var grain = await fixture.EnrollAsync(prefix);
        await grain.Request(ProvisionEvent.Manage, null);
        await fixture.WaitForStableAsync(grain, ProvisionState.Manageable);
        await grain.Request(ProvisionEvent.Provide, null);
        await fixture.WaitForStableAsync(grain, ProvisionState.Available);
        return grain;
    }

    private static void AssertOnlyStandingReminders(IEnumerable<StoredReminder> reminders) =>
        Assert.Equal([NodeGrain.PowerSyncReminder, NodeGrain.StepWatchReminder], reminders.Select(r => r.Name).Order(StringComparer.Ordinal));

    private async Task<OperationView> OperationAsync(string id) => await fixture.GrainFactory.GetGrain<IOperationGrain>(id).Get();

    [Fact]
    public async Task Deploy_ImageWriteHangs_TimesOutToDeployFailedWithLastErrorAndHistory()
    {
        var grain = await AvailableNodeAsync("deploy-timeout");
        fixture.Fleet[grain.GetPrimaryKeyString()].HangNextCalls(SimulatedStepKind.WriteImage);

        var deploy = await grain.Request(ProvisionEvent.Deploy, null);
        var failed = await fixture.WaitForStableAsync(grain, ProvisionState.DeployFailed);

        Assert.Equal(DeployTimedOut, failed.LastError);
        var operation = await OperationAsync(deploy.Id);
        Assert.Equal(OperationStatus.TimedOut, operation.Status);
        Assert.Equal(DeployTimedOut, operation.Error);
        var history = (await grain.History()).Where(h => h.OperationId == deploy.Id).ToList();
        Assert.Contains(history, h => h.Event == "timeout" && h.Message.Contains(DeployTimedOut, StringComparison.Ordinal));
        Assert.Contains(history, h => h.Event == "transition" && h.From == ProvisionState.WaitCallBack && h.To == ProvisionState.DeployFailed);
        Assert.Equal("timed-out", history[^1].Event);
        AssertOnlyStandingReminders(await fixture.RemindersAsync(grain));
    }

    [Fact]
    public async Task DriverStepCompleted_AfterTimeout_ChangesNothing()
    {
        var grain = await AvailableNodeAsync("late-report");
        fixture.Fleet[grain.GetPrimaryKeyString()].HangNextCalls(SimulatedStepKind.WriteImage);
        var deploy = await grain.Request(ProvisionEvent.Deploy, null);
        var failed = await fixture.WaitForStableAsync(grain, ProvisionState.DeployFailed);
        var historyBefore = await grain.History();

        await grain.DriverStepCompleted(new NodeStepReport(deploy.Id, 1, 1, NodeStepOutcome.Done));

        var after = await grain.Get();
        Assert.Equal(ProvisionState.DeployFailed, after.ProvisionState);
        Assert.Equal(DeployTimedOut, after.LastError);
        Assert.Equal(failed.UpdatedAt, after.UpdatedAt);
        Assert.Equal(historyBefore.Count, (await grain.History()).Count);
        Assert.Equal(OperationStatus.TimedOut, (await OperationAsync(deploy.Id)).Status);
    }

    [Fact]
    public async Task Deploy_TimesOutWithQueuedUndeploy_StartsTheQueuedOperation()
    {
        var grain = await AvailableNodeAsync("timeout-queue");
        fixture.Fleet[grain.GetPrimaryKeyString()].HangNextCalls(SimulatedStepKind.WriteImage);
        var deploy = await grain.Request(ProvisionEvent.Deploy, null);
        var undeploy = await grain.Request(ProvisionEvent.Delete, null);

        var available = await fixture.WaitForStableAsync(grain, ProvisionState.Available);

        Assert.Equal(OperationStatus.TimedOut, (await OperationAsync(deploy.Id)).Status);
        Assert.Equal(OperationStatus.Succeeded, (await OperationAsync(undeploy.Id)).Status);
        Assert.Null(available.LastError);
        AssertOnlyStandingReminders(await fixture.RemindersAsync(grain));
    }

    [Fact]
    public async Task Provide_CleanHangs_TimesOutToCleanFailed()
    {
        var grain = await fixture.EnrollAsync("clean-timeout");
        await grain.Request(ProvisionEvent.Manage, null);
        await fixture.WaitForStableAsync(grain, ProvisionState.Manageable);
        fixture.Fleet[grain.GetPrimaryKeyString()].HangNextCalls(SimulatedStepKind.Clean);

        var provide = await grain.Request(ProvisionEvent.Provide, null);
        var failed = await fixture.WaitForStableAsync(grain, ProvisionState.CleanFailed);

        Assert.Equal("clean timed out after 2 s", failed.LastError);
        Assert.Equal(OperationStatus.TimedOut, (await OperationAsync(provide.Id)).Status);
    }

    [Fact]
    public async Task Inspect_Hangs_TimesOutToInspectFailed()
    {
        var grain = await fixture.EnrollAsync("inspect-timeout");
        await grain.Request(ProvisionEvent.Manage, null);
        await fixture.WaitForStableAsync(grain, ProvisionState.Manageable);
        fixture.Fleet[grain.GetPrimaryKeyString()].HangNextCalls(SimulatedStepKind.Inspect);

        var inspect = await grain.Request(ProvisionEvent.Inspect, null);
        var failed = await fixture.WaitForStableAsync(grain, ProvisionState.InspectFailed);

        Assert.Equal("inspect timed out after 2 s", failed.LastError);
        Assert.Equal(ProvisionState.Manageable, failed.TargetProvisionState);
        Assert.Equal(OperationStatus.TimedOut, (await OperationAsync(inspect.Id)).Status);
    }

    [Fact]
    public async Task Rescue_AgentNeverReports_TimesOutToRescueFailed()
    {
        var grain = await AvailableNodeAsync("rescue-timeout");
        await grain.Request(ProvisionEvent.Deploy, null);
        await fixture.WaitForStableAsync(grain, ProvisionState.Active);
        fixture.Fleet[grain.GetPrimaryKeyString()].HangNextCalls(SimulatedStepKind.Rescue);

        var rescue = await grain.Submit(new NodeActionRequest(OperationAction.Rescue, new Dictionary<string, string> { ["rescue_password"] = "pw" }));
        var failed = await fixture.WaitForStableAsync(grain, ProvisionState.RescueFailed);

        Assert.Equal("rescue timed out after 2 s waiting for the rescue ramdisk", failed.LastError);
        Assert.Equal(OperationStatus.TimedOut, (await OperationAsync(rescue.Id)).Status);
        Assert.Contains(await grain.History(), h => h.OperationId == rescue.Id && h.To == ProvisionState.RescueWait);
    }

    [Fact]
    public async Task PowerAction_Hangs_TimesOutAndClearsTheTargetPowerState()
    {
        var grain = await fixture.EnrollAsync("power-timeout");
        await grain.Request(ProvisionEvent.Manage, null);
        await fixture.WaitForStableAsync(grain, ProvisionState.Manageable);
        fixture.Fleet[grain.GetPrimaryKeyString()].HangNextCalls(SimulatedStepKind.SoftOff);

        var off = await grain.Submit(new NodeActionRequest(OperationAction.SoftPowerOff));
        var view = await fixture.WaitForAsync(grain, v => v.PendingOperationIds.Count == 0, "the power action to end");

        Assert.Equal("soft power off timed out after 2 s", view.LastError);
        Assert.Null(view.TargetPowerState);
        Assert.Equal(ProvisionState.Manageable, view.ProvisionState);
        Assert.Equal(OperationStatus.TimedOut, (await OperationAsync(off.Id)).Status);
    }

    [Fact]
    public async Task Deploy_CompletingInTime_LeavesOnlyTheStandingRemindersAndNoError()
    {
        var grain = await AvailableNodeAsync("in-time");

        var deploy = await grain.Request(ProvisionEvent.Deploy, null);
        var active = await fixture.WaitForStableAsync(grain, ProvisionState.Active);

        // No row per step: only the node's power-sync and step-watch reminders, which outlive every step.
        AssertOnlyStandingReminders(await fixture.RemindersAsync(grain));
        Assert.Null(active.LastError);
        Assert.Equal(OperationStatus.Succeeded, (await OperationAsync(deploy.Id)).Status);
        Assert.DoesNotContain(await grain.History(), h => h.Event is "timeout" or "timed-out");
    }

    [Theory]
    [InlineData(nameof(NodeProvisioningOptions.DeployCallbackTimeout))]
    [InlineData(nameof(NodeProvisioningOptions.CleanTimeout))]
    [InlineData(nameof(NodeProvisioningOptions.VerifyTimeout))]
    [InlineData(nameof(NodeProvisioningOptions.PowerActionTimeout))]
    [InlineData(nameof(NodeProvisioningOptions.SoftPowerOffTimeout))]
    [InlineData(nameof(NodeProvisioningOptions.InspectTimeout))]
    [InlineData(nameof(NodeProvisioningOptions.RescueTimeout))]
    [InlineData(nameof(NodeProvisioningOptions.TimeoutCheckInterval))]
    [InlineData(nameof(NodeProvisioningOptions.PowerSyncInterval))]
    public void Validate_ZeroTimeout_FailsNamingTheProperty(string property)
    {
        var options = new NodeProvisioningOptions();
        typeof(NodeProvisioningOptions).GetProperty(property)!.SetValue(options, TimeSpan.Zero);

        var result = new NodeProvisioningOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"BareMetal:Nodes:{property} must be positive", result.FailureMessage, StringComparison.Ordinal);
    }
}
