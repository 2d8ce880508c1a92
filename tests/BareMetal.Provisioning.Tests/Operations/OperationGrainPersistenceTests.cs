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
}
