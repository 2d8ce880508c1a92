using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Drivers.Simulated;
using BareMetal.Hosting;
using BareMetal.Provisioning.Operations;
using BareMetal.Provisioning.Tests.Infrastructure;

namespace BareMetal.Provisioning.Tests.Operations;

/// <summary>
/// An operation index shard keeps recent views in memory between flushes, so a silo's death loses them. An operation
/// that ended in that window must not stay listed as unfinished: the shard, activated again, asks every operation it
/// lists as unfinished for its view. The periodic sweep is pushed out of reach (an hour) to show that this is not it.
/// </summary>
public sealed class OperationIndexLossTests
{
    [Fact]
    public async Task An_end_the_index_lost_with_its_silo_is_listed_as_soon_as_the_shard_comes_back()
    {
        await using var cluster = await ProvisioningTestCluster.StartAsync(
            silos: 2,
            configureServices: services => services
                .AddNodeProvisioning()
                .AddSimulatedDrivers(o => o.PowerLatency = TimeSpan.FromMilliseconds(5))
                .AddFleetServices(o =>
                {
                    o.OperationReconcileAfter = TimeSpan.FromHours(1);
                    o.IndexFlushInterval = TimeSpan.FromHours(1);
                }));
        var nodeId = $"index-loss-{Guid.NewGuid():N}";
        await cluster.GrainFactory.GetGrain<INodeGrain>(nodeId).Enroll(new NodeEnrollment(nodeId, SimulatedHardwareDriver.DriverName));
        var operationId = OperationIds.New();
        var operation = cluster.GrainFactory.GetGrain<IOperationGrain>(operationId);
        await operation.CreateRunning(new OperationRequest(nodeId, OperationAction.PowerOn), new OperationStepUpdate(new OperationProgress(1, 1, "power action"), true, null));
        var shard = cluster.GrainFactory.GetGrain<IOperationIndexGrain>(NodeIndex.ShardKeyOf(nodeId));
        await WaitListedAsync(cluster, nodeId, operationId, OperationStatus.Running);

        // The shard stores "running" (its deactivation flushes), then takes the end in memory only.
        await cluster.GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await WaitListedAsync(cluster, nodeId, operationId, OperationStatus.Running);
        await operation.Complete(OperationStatus.Succeeded, null, null);
        await WaitListedAsync(cluster, nodeId, operationId, OperationStatus.Succeeded);

        // Its silo dies: no flush. The shard's next activation reads "running" and must not keep saying it.
        Assert.True(await cluster.KillSiloHostingAsync(shard));
        await cluster.WaitForMembershipToSettleAsync();
        await WaitListedAsync(cluster, nodeId, operationId, OperationStatus.Succeeded);
        Assert.Empty((await FleetQueries.ListOperationsAsync(cluster.GrainFactory, new OperationQuery(NodeId: nodeId, Status: OperationStatus.Running))).Operations);
    }

    // The listing has no change signal: a short poll inside a deadline.
    private static async Task WaitListedAsync(ProvisioningTestCluster cluster, string nodeId, string operationId, OperationStatus status)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                var listed = await FleetQueries.ListOperationsAsync(cluster.GrainFactory, new OperationQuery(NodeId: nodeId, Status: status));
                if (listed.Operations.Any(o => o.Id == operationId))
                {
                    return;
                }
            }
            catch (SiloUnavailableException)
            {
                // The shard's silo was just killed; asked again.
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"the listing does not show {operationId} as {status}");
            await Task.Delay(100);
        }
    }
}
