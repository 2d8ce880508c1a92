using BareMetal.Contracts.Nodes;
using BareMetal.Drivers.Simulated;
using BareMetal.Provisioning.Nodes;

namespace BareMetal.Provisioning.Tests.Nodes;

public sealed class NodeGrainPowerSyncTests(NodePowerSyncClusterFixture fixture) : IClassFixture<NodePowerSyncClusterFixture>
{
    /// <summary>Several sync periods: long enough for a sync that was not skipped to have shown up.</summary>
    private static readonly TimeSpan s_quietWindow = NodePowerSyncClusterFixture.PowerSyncInterval * 5;

    // Managed, with the first sync's reading (the simulated BMC starts powered off) recorded.
    private async Task<INodeGrain> ManagedNodeAsync(string prefix)
    {
        var grain = await fixture.EnrollAsync(prefix);
        await grain.Request(ProvisionEvent.Manage, null);
        await fixture.WaitForStableAsync(grain, ProvisionState.Manageable);
        await fixture.WaitForAsync(grain, v => v.PowerState == PowerState.Off, "the first power sync");
        return grain;
    }

    [Fact]
    public async Task Manage_Succeeds_RegistersPowerSyncReminderWithConfiguredPeriod()
    {
        var grain = await ManagedNodeAsync("sync-armed");

        var reminder = Assert.Single(await fixture.RemindersAsync(grain), r => r.Name == NodeGrain.PowerSyncReminder);

        Assert.Equal(NodePowerSyncClusterFixture.PowerSyncInterval, reminder.Period);
        Assert.Contains(await grain.History(), h => h.Event == "power-read" && h.Message == "power state read: power off");
    }

    [Fact]
    public async Task PowerSync_DriftWithEnforcement_RestoresBmcAndRecordsDrift()
    {
        var grain = await ManagedNodeAsync("sync-enforce");
        var bmc = fixture.Fleet[grain.GetPrimaryKeyString()];

        bmc.DriftPowerState(PowerState.On);
        await fixture.WaitForHistoryAsync(grain, h => h.Event == "power-restored", "restoring the recorded power state");

        Assert.Equal(PowerState.Off, bmc.PowerState);
        Assert.Equal(PowerState.Off, (await grain.Get()).PowerState);
        var drift = Assert.Single(await grain.History(), h => h.Event == "power-drift");
        Assert.Equal("power drift: recorded power off, hardware power on; restoring power off", drift.Message);
    }

    [Fact]
    public async Task PowerSync_ThreeUnreachableReads_PutsNodeInMaintenanceWithReason()
    {
        var grain = await ManagedNodeAsync("sync-unreachable");
        fixture.Fleet[grain.GetPrimaryKeyString()].MakeUnreachable(3);

        var view = await fixture.WaitForAsync(grain, v => v.Maintenance, "maintenance after three failed power reads");

        Assert.NotNull(view.MaintenanceReason);
        Assert.StartsWith("power failure: ", view.MaintenanceReason, StringComparison.Ordinal);
        Assert.Contains("unreachable", view.MaintenanceReason, StringComparison.Ordinal);
        var history = await grain.History();
        Assert.Equal(3, history.Count(h => h.Event == "power-sync-failed"));
        // The fourth read answers again and may already have taken the node out of maintenance (see below).
        Assert.Equal($"maintenance on: {view.MaintenanceReason}", Assert.Single(history, h => h.Event == "maintenance" && h.Message.StartsWith("maintenance on", StringComparison.Ordinal)).Message);
        Assert.Contains(history, h => h.Event == "power-sync-failed" && h.Message.StartsWith("power sync failed (3 of 3): ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PowerSync_AfterPowerFailureMaintenance_BmcAnswersAgain_LeavesMaintenanceAndRecordsTheHardwareState()
    {
        var grain = await ManagedNodeAsync("sync-recover");
        var bmc = fixture.Fleet[grain.GetPrimaryKeyString()];
        bmc.MakeUnreachable(3);
        bmc.DriftPowerState(PowerState.On);
        await fixture.WaitForAsync(grain, v => v.Maintenance, "maintenance after three failed power reads");

        var view = await fixture.WaitForAsync(grain, v => !v.Maintenance, "recovery once the BMC answers again");

        // As Ironic's power-failure recovery: the hardware's state is recorded, not overwritten by the stale record.
        Assert.Null(view.MaintenanceReason);
        Assert.Equal(PowerState.On, view.PowerState);
        Assert.Equal(PowerState.On, bmc.PowerState);
        Assert.Contains(await grain.History(), h => h.Event == "maintenance" && h.Message == "maintenance off: the BMC answers again (power state power on)");
        Assert.StartsWith("power sync failed (3 of 3): ", view.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PowerSync_MaintenanceSetByAnOperator_IsNeverLiftedBySync()
    {
        var grain = await ManagedNodeAsync("sync-operator-maintenance");
        await grain.Submit(new NodeActionRequest(BareMetal.Contracts.Operations.OperationAction.MaintenanceOn, RequestedBy: "dave"));
        var before = await grain.Get();

        var changed = await fixture.HappensWithinAsync(grain, v => !v.Maintenance || v.UpdatedAt > before.UpdatedAt, s_quietWindow);

        Assert.False(changed, "a power sync touched a node an operator put in maintenance");
        Assert.True((await grain.Get()).Maintenance);
    }

    [Fact]
    public async Task PowerSync_WhileStepInFlight_SkipsTheNode()
    {
        var grain = await ManagedNodeAsync("sync-busy");
        var bmc = fixture.Fleet[grain.GetPrimaryKeyString()];
        bmc.HangNextCalls(SimulatedStepKind.Clean);
        var hanging = bmc.WhenHanging(SimulatedStepKind.Clean);
        await grain.Request(ProvisionEvent.Provide, null);
        await hanging.WaitAsync(TimeSpan.FromSeconds(10));
        var before = await grain.Get();

        bmc.DriftPowerState(PowerState.On);
        var changed = await fixture.HappensWithinAsync(grain, v => v.UpdatedAt > before.UpdatedAt, s_quietWindow);

        Assert.False(changed, "the node changed while its clean step was in flight");
        var after = await grain.Get();
        Assert.Equal(ProvisionState.Cleaning, after.ProvisionState);
        Assert.Equal(PowerState.Off, after.PowerState);
        Assert.DoesNotContain(await grain.History(), h => h.Event == "power-drift");
        Assert.Equal(PowerState.On, bmc.PowerState);
    }

    [Fact]
    public void Validate_ZeroPowerSyncMaxFailures_FailsNamingTheProperty()
    {
        var options = new NodeProvisioningOptions { PowerSyncMaxFailures = 0 };

        var result = new NodeProvisioningOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("BareMetal:Nodes:PowerSyncMaxFailures must be at least 1", result.FailureMessage, StringComparison.Ordinal);
    }
}
