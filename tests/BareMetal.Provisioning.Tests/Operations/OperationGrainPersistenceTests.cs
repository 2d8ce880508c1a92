using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Operations;
using BareMetal.Provisioning.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Provisioning.Tests.Operations;

public sealed class OperationGrainPersistenceTests
{
    [Fact]
    public async Task OperationGrain_SiloRestarted_KeepsState()
    {
        await using var cluster = await ProvisioningTestCluster.StartAsync();
        var id = OperationIds.New();
        var grain = cluster.GrainFactory.GetGrain<IOperationGrain>(id);
        await grain.Create(new OperationRequest("node-7", OperationAction.Reboot, IdempotencyKey: "reboot-7"));
        await grain.MarkRunning(2, "power off");
        await grain.SetCancellable(false, "BMC busy");
        var before = await grain.ReportProgress(1, "power off");

        await cluster.RestartSiloAsync();
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
        await using var cluster = await ProvisioningTestCluster.StartAsync();
        var id = OperationIds.New();
        var request = new OperationRequest("node-8", OperationAction.PowerOn, IdempotencyKey: "on-8");
        var created = await cluster.GrainFactory.GetGrain<IOperationGrain>(id).CreateRunning(request, new OperationStepUpdate(new OperationProgress(1, 1, "power action"), true, null));

        // A new activation has not read the row: its create writes blind, finds the row taken, and reads it.
        await cluster.RestartSiloAsync();
        var grain = cluster.GrainFactory.GetGrain<IOperationGrain>(id);
        var again = await grain.Create(request);

        Assert.Equal(created.Id, again.Id);
        Assert.Equal(OperationStatus.Running, again.Status);
        Assert.Equal(created.Version, again.Version);

        await cluster.RestartSiloAsync();
        grain = cluster.GrainFactory.GetGrain<IOperationGrain>(id);
        await Assert.ThrowsAsync<OperationConflictException>(() => grain.Create(request with { Action = OperationAction.PowerOff }));
        Assert.Equal(OperationStatus.Succeeded, (await grain.Complete(OperationStatus.Succeeded, "power on", null)).Status);
    }

    [Fact]
    public async Task FinishedOperations_LeaveMemoryAtOnce_AndAreReadBackWhenAskedFor()
    {
        await using var cluster = await ProvisioningTestCluster.StartAsync();
        var step = new OperationStepUpdate(new OperationProgress(1, 1, "power action"), true, null);
        var ids = Enumerable.Range(0, 20).Select(_ => OperationIds.New()).ToList();
        foreach (var id in ids)
        {
            var grain = cluster.GrainFactory.GetGrain<IOperationGrain>(id);
            await grain.CreateRunning(new OperationRequest("node-9", OperationAction.PowerOn), step);
            await grain.Complete(OperationStatus.Succeeded, "power on", null);
        }

        // Far sooner than the two-minute limit that keeps an unfinished operation.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var active = await OperationActivationsAsync(cluster);
        while (active > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            active = await OperationActivationsAsync(cluster);
        }

        Assert.True(active == 0, $"{active} of {ids.Count} finished operations are still in memory");
        var read = await cluster.GrainFactory.GetGrain<IOperationGrain>(ids[0]).Get();
        Assert.Equal((OperationStatus.Succeeded, "power on"), (read.Status, read.Result));
    }

    // Orleans counts the activations of each grain class on every silo.
    private static async Task<int> OperationActivationsAsync(ProvisioningTestCluster cluster)
    {
        var statistics = await cluster.GrainFactory.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.EndsWith(nameof(OperationGrain), StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }
}
