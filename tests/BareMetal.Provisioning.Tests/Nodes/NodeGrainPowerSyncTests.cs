using BareMetal.Contracts.Nodes;
using BareMetal.Drivers.Simulated;
using BareMetal.Provisioning.Nodes;
using BareMetal.Runtime;

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
        Assert.Equal($"maintenance on: {view.MaintenanceReason}", Assert.Single(history, h => h.Event == "maintenance").Message);
    }

    [Fact]
    public async Task MaintenanceOff_AfterPowerFailure_ResumesPowerSyncWithAFreshFailureCount()
    {
        var grain = await ManagedNodeAsync("sync-recover");
        var bmc = fixture.Fleet[grain.GetPrimaryKeyString()];
        bmc.MakeUnreachable(3);
        await fixture.WaitForAsync(grain, v => v.Maintenance, "maintenance after three failed power reads");
        bmc.DriftPowerState(PowerState.On);

        var off = await grain.Submit(new NodeActionRequest(BareMetal.Contracts.Operations.OperationAction.MaintenanceOff, RequestedBy: "dave"));
        var drift = await fixture.WaitForHistoryAsync(grain, h => h.Event == "power-drift", "the drift seen by the next sync");
        await fixture.WaitForAsync(grain, _ => bmc.PowerState == PowerState.Off, "the recorded power state restored");

        Assert.Equal(BareMetal.Contracts.Operations.OperationStatus.Succeeded, off.Status);
        Assert.Contains("recorded power off, hardware power on", drift.Message, StringComparison.Ordinal);
        var view = await grain.Get();
        Assert.False(view.Maintenance);
        Assert.Null(view.MaintenanceReason);
        Assert.Contains(await grain.History(), h => h.Event == "maintenance" && h.Message == "maintenance off by dave");
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
