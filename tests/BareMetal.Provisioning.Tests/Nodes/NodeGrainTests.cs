using System.Diagnostics;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Drivers.Simulated;
using BareMetal.Provisioning.Nodes;

namespace BareMetal.Provisioning.Tests.Nodes;

public sealed class NodeGrainTests(NodeClusterFixture fixture) : IClassFixture<NodeClusterFixture>
{
    private static readonly TimeSpan s_responsive = TimeSpan.FromSeconds(1);

    private async Task<INodeGrain> AvailableNodeAsync(string prefix)
    {
        var grain = await fixture.EnrollAsync(prefix);
        await grain.Request(ProvisionEvent.Manage, null);
        await fixture.WaitForStableAsync(grain, ProvisionState.Manageable);
        await grain.Request(ProvisionEvent.Provide, null);
        await fixture.WaitForStableAsync(grain, ProvisionState.Available);
        return grain;
    }

    private async Task<OperationView> OperationAsync(string id) => await fixture.GrainFactory.GetGrain<IOperationGrain>(id).Get();

    [Fact]
    public async Task Request_ManageProvideDeploy_ReachesActiveWithOperationsSucceededAndHistoryInOrder()
    {
        var grain = await fixture.EnrollAsync("lifecycle");

        var manage = await grain.Request(ProvisionEvent.Manage, "manage-1");
        await fixture.WaitForStableAsync(grain, ProvisionState.Manageable);
        var provide = await grain.Request(ProvisionEvent.Provide, null);
        await fixture.WaitForStableAsync(grain, ProvisionState.Available);
        var deploy = await grain.Request(ProvisionEvent.Deploy, null);
        var active = await fixture.WaitForStableAsync(grain, ProvisionState.Active);

        Assert.Equal(OperationStatus.Running, manage.Status);
        Assert.Equal("manage-1", manage.IdempotencyKey);
        Assert.Null(active.TargetProvisionState);
        Assert.Equal(PowerState.On, active.PowerState);
        Assert.Null(active.LastError);
        foreach (var operation in new[] { manage, provide, deploy })
        {
            Assert.Equal(OperationStatus.Succeeded, (await OperationAsync(operation.Id)).Status);
        }

        Assert.Equal(OperationAction.Deploy, deploy.Action);
        Assert.Equal(PowerState.On, fixture.Fleet[grain.GetPrimaryKeyString()].PowerState);
        var history = await grain.History();
        // Verification on simulated hardware can end before a second call reads the node, so the
        // history, not a racing read, shows that the manage request went through Verifying.
        Assert.Contains(history, h => h.Event == "transition" && h.To == ProvisionState.Verifying && h.OperationId == manage.Id);
        var transitions = history.Where(h => h.Event == "transition").Select(h => h.To!.Value).ToList();
        AssertInOrder(
            [ProvisionState.Verifying, ProvisionState.Manageable, ProvisionState.Cleaning, ProvisionState.Available, ProvisionState.Deploying, ProvisionState.Active],
            transitions);
    }

    [Fact]
    public async Task Request_UndeployActiveNode_CleansBackToAvailable()
    {
        var grain = await AvailableNodeAsync("undeploy");
        await grain.Request(ProvisionEvent.Deploy, null);
        await fixture.WaitForStableAsync(grain, ProvisionState.Active);

        var undeploy = await grain.Request(ProvisionEvent.Delete, null);
        var available = await fixture.WaitForStableAsync(grain, ProvisionState.Available);

        Assert.Equal(OperationAction.Undeploy, undeploy.Action);
        Assert.Equal(PowerState.Off, available.PowerState);
        Assert.Equal(OperationStatus.Succeeded, (await OperationAsync(undeploy.Id)).Status);
        var transitions = (await grain.History()).Where(h => h.Event == "transition").Select(h => h.To!.Value).ToList();
        AssertInOrder([ProvisionState.Active, ProvisionState.Deleting, ProvisionState.Cleaning, ProvisionState.Available], transitions);
    }

    [Fact]
    public async Task Request_DeployInManageable_IsRefusedWithReasonAndChangesNothing()
    {
        var grain = await fixture.EnrollAsync("refused");
        await grain.Request(ProvisionEvent.Manage, null);
        var before = await fixture.WaitForStableAsync(grain, ProvisionState.Manageable);
        var historyBefore = await grain.History();

        var refused = await Assert.ThrowsAsync<NodeRequestRefusedException>(() => grain.Request(ProvisionEvent.Deploy, null));

        Assert.Contains("deploy is not allowed in state manageable", refused.Message, StringComparison.Ordinal);
        var after = await grain.Get();
        Assert.Equal(ProvisionState.Manageable, after.ProvisionState);
        Assert.Null(after.TargetProvisionState);
        Assert.Empty(after.PendingOperationIds);
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.Equal(historyBefore.Count, (await grain.History()).Count);
    }

    [Fact]
    public async Task Request_ManageFailsValidation_ReturnsToEnrollWithLastError()
    {
        var grain = await fixture.EnrollAsync("invalid");
        fixture.Fleet[grain.GetPrimaryKeyString()].FailNthCall(SimulatedStepKind.Validate, 1, "BMC credentials rejected");

        var manage = await grain.Request(ProvisionEvent.Manage, null);
        var view = await fixture.WaitForStableAsync(grain, ProvisionState.Enroll);

        Assert.Equal("BMC credentials rejected", view.LastError);
        var operation = await OperationAsync(manage.Id);
        Assert.Equal(OperationStatus.Failed, operation.Status);
        Assert.Equal("BMC credentials rejected", operation.Error);
    }

    [Fact]
    public async Task Request_SameVerbWhilePending_ReturnsSameOperation()
    {
        var grain = await AvailableNodeAsync("duplicate");
        var bmc = fixture.Fleet[grain.GetPrimaryKeyString()];
        bmc.HangNextCalls(SimulatedStepKind.WriteImage);

        var first = await grain.Request(ProvisionEvent.Deploy, "a");
        var second = await grain.Request(ProvisionEvent.Deploy, "b");

        Assert.Equal(first.Id, second.Id);
        Assert.Equal([first.Id], (await grain.Get()).PendingOperationIds);
    }

    [Fact]
    public async Task Request_ContradictoryVerbWhilePending_IsRefusedNamingPendingOperation()
    {
        var grain = await AvailableNodeAsync("conflict");
        fixture.Fleet[grain.GetPrimaryKeyString()].HangNextCalls(SimulatedStepKind.WriteImage);
        var deploy = await grain.Request(ProvisionEvent.Deploy, null);

        var refused = await Assert.ThrowsAsync<NodeRequestRefusedException>(() => grain.Request(ProvisionEvent.Provide, null));

        Assert.Contains($"conflicts with pending operation {deploy.Id} (deploy)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(deploy.Id, refused.ConflictingOperationId);
        Assert.Equal([deploy.Id], (await grain.Get()).PendingOperationIds);
    }

    [Fact]
    public async Task Get_WhileImageWriteHangs_AnswersQuickly()
    {
        var grain = await AvailableNodeAsync("responsive");
        var bmc = fixture.Fleet[grain.GetPrimaryKeyString()];
        bmc.HangNextCalls(SimulatedStepKind.WriteImage);
        var hanging = bmc.WhenHanging(SimulatedStepKind.WriteImage);

        var deploy = await grain.Request(ProvisionEvent.Deploy, null);
        await hanging.WaitAsync(TimeSpan.FromSeconds(10));
        await fixture.WaitForAsync(grain, v => v.ProvisionState == ProvisionState.WaitCallBack, "wait call-back after the image write was handed over");

        // The stopwatch is the check: a read held behind the hanging step would take the call timeout to answer.
        var stopwatch = Stopwatch.StartNew();
        var view = await grain.Get();
        var history = await grain.History();
        var again = await grain.Request(ProvisionEvent.Deploy, null);
        stopwatch.Stop();

        Assert.Equal(ProvisionState.WaitCallBack, view.ProvisionState);
        Assert.Equal(ProvisionState.Active, view.TargetProvisionState);
        Assert.NotEmpty(history);
        Assert.Equal(deploy.Id, again.Id);
        Assert.True(stopwatch.Elapsed < s_responsive, $"reads took {stopwatch.Elapsed} while the deploy was pending");
        Assert.Equal(OperationStatus.Running, (await OperationAsync(deploy.Id)).Status);
    }

    [Fact]
    public async Task Request_QueueFull_ThrowsQueueFullWithRetryAfter()
    {
        var grain = await fixture.EnrollAsync("queue");
        fixture.Fleet[grain.GetPrimaryKeyString()].HangNextCalls(SimulatedStepKind.Validate);

        var manage = await grain.Request(ProvisionEvent.Manage, null);
        var provide = await grain.Request(ProvisionEvent.Provide, null);
        var deploy = await grain.Request(ProvisionEvent.Deploy, null);
        var full = await Assert.ThrowsAsync<NodeQueueFullException>(() => grain.Request(ProvisionEvent.Delete, null));

        Assert.Equal(NodeClusterFixture.QueueCapacity, full.Capacity);
        Assert.True(full.RetryAfter > TimeSpan.Zero);
        Assert.Equal([manage.Id, provide.Id, deploy.Id], (await grain.Get()).PendingOperationIds);
        Assert.Equal(OperationStatus.Queued, (await OperationAsync(provide.Id)).Status);
    }

    private static void AssertInOrder(IReadOnlyList<ProvisionState> expected, IReadOnlyList<ProvisionState> actual)
    {
        var position = 0;
        foreach (var state in actual)
        {
            if (position < expected.Count && state == expected[position])
            {
                position++;
            }
        }

        Assert.True(position == expected.Count, $"expected {string.Join(" > ", expected)} in order within {string.Join(" > ", actual)}");
    }

    [Fact]
    public async Task Deploy_WhileInFlight_KeepsOneStepWatchReminder()
    {
        var grain = await AvailableNodeAsync("armed");
        var bmc = fixture.Fleet[grain.GetPrimaryKeyString()];
        bmc.HangNextCalls(SimulatedStepKind.WriteImage);
        var hanging = bmc.WhenHanging(SimulatedStepKind.WriteImage);

        await grain.Request(ProvisionEvent.Deploy, null);
        await hanging.WaitAsync(TimeSpan.FromSeconds(10));
        var reminders = await fixture.RemindersAsync(grain);

        // Beside the node's power-sync reminder (registered once it was managed), and nothing per step.
        Assert.Single(reminders, r => r.Name == NodeGrain.StepWatchReminder);
        Assert.Single(reminders, r => r.Name == NodeGrain.PowerSyncReminder);
        Assert.Equal(2, reminders.Count);
    }
}
