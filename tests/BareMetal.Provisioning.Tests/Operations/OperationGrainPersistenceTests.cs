using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Operations;
using BareMetal.Runtime.Testing;

namespace BareMetal.Provisioning.Tests.Operations;

public sealed class OperationGrainPersistenceTests
{
    [Fact]
    public async Task OperationGrain_SiloRestarted_KeepsState()
    {
        await using var cluster = await InProcessTestCluster.StartAsync(new() { InitialSilos = 1 });
        var id = OperationIds.New();
        var grain = cluster.GrainFactory.GetGrain<IOperationGrain>(id);
        await grain.Create(new OperationRequest("node-7", OperationAction.Reboot, IdempotencyKey: "reboot-7"));
        await grain.MarkRunning(2, "power off");
        await grain.SetCancellable(false, "BMC busy");
        var before = await grain.ReportProgress(1, "power off");

        await cluster.RestartSiloAsync(cluster.Silos[0]);
        await cluster.WaitForMembershipToSettleAsync();
        var after = await cluster.GrainFactory.GetGrain<IOperationGrain>(id).Get();

        Assert.Equal(OperationStatus.Running, after.Status);
        Assert.Equal(new OperationProgress(1, 2, "power off"), after.Progress);
        Assert.Equal(before.StartedAt, after.StartedAt);
        Assert.Equal(before.CreatedAt, after.CreatedAt);
        Assert.Equal("reboot-7", after.IdempotencyKey);
        Assert.False(after.Cancellable);
        Assert.Equal("BMC busy", after.NotCancellableReason);
    }

    [Fact]
    public async Task Create_AgainInANewActivation_AnswersTheStoredOperation_OrRefusesAnotherRequest()
    {
        await using var cluster = await InProcessTestCluster.StartAsync(new() { InitialSilos = 1 });
        var id = OperationIds.New();
        var request = new OperationRequest("node-8", OperationAction.PowerOn, IdempotencyKey: "on-8");
        var created = await cluster.GrainFactory.GetGrain<IOperationGrain>(id).CreateRunning(request, new OperationStepUpdate(new OperationProgress(1, 1, "power action"), true, null));

        // A new activation has not read the row: its create writes blind, finds the row taken, and reads it.
        await cluster.RestartSiloAsync(cluster.Silos[0]);
        await cluster.WaitForMembershipToSettleAsync();
        var grain = cluster.GrainFactory.GetGrain<IOperationGrain>(id);
        var again = await grain.Create(request);

        Assert.Equal(created.Id, again.Id);
        Assert.Equal(OperationStatus.Running, again.Status);
        Assert.Equal(created.Version, again.Version);

        await cluster.RestartSiloAsync(cluster.Silos[0]);
        await cluster.WaitForMembershipToSettleAsync();
        grain = cluster.GrainFactory.GetGrain<IOperationGrain>(id);
        await Assert.ThrowsAsync<OperationConflictException>(() => grain.Create(request with { Action = OperationAction.PowerOff }));
        Assert.Equal(OperationStatus.Succeeded, (await grain.Complete(OperationStatus.Succeeded, "power on", null)).Status);
    }
}
