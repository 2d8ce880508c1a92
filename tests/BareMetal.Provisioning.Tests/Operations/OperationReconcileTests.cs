using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Operations;
using BareMetal.Provisioning.Tests.Infrastructure;

namespace BareMetal.Provisioning.Tests.Operations;

/// <summary>
/// Operation records agree with their node after a crash: one the node never recorded ends failed, and the listing
/// by status agrees with the operations.
/// </summary>
public sealed class OperationReconcileTests(OperationReconcileClusterFixture fixture) : IClassFixture<OperationReconcileClusterFixture>
{
    [Fact]
    public async Task A_running_operation_its_node_never_recorded_ends_failed_saying_so()
    {
        var node = await fixture.EnrollAsync("reconcile-unknown");
        var nodeId = node.GetPrimaryKeyString();
        // What a silo lost between the operation's creation and the node's write leaves behind.
        var orphan = fixture.GrainFactory.GetGrain<IOperationGrain>(OperationIds.New());
        await orphan.CreateRunning(new OperationRequest(nodeId, OperationAction.PowerOn), new OperationStepUpdate(new OperationProgress(1, 1, "power action"), true, null));

        var ended = await fixture.GrainFactory.WaitForOperationAsync(orphan.GetPrimaryKeyString(), o => o.Status.IsTerminal(), "the end");

        Assert.Equal(OperationStatus.Failed, ended.Status);
        Assert.Equal(OperationGrain.UnknownToNodeError, ended.Error);
        Assert.Empty((await node.Get()).PendingOperationIds);
    }

    [Fact]
    public async Task An_operation_the_node_runs_is_left_alone_by_the_check()
    {
        var node = await fixture.EnrollAsync("reconcile-pending");
        // Validation never ends while the call that reports it fails: the operation stays running on the node.
        var id = node.GetPrimaryKeyString();
        using var held = fixture.Faults.Fail<INodeGrain>(nameof(INodeGrain.DriverStepCompleted), when: (key, _) => key == id);
        var manage = await node.Request(ProvisionEvent.Manage, null);
        var operation = fixture.GrainFactory.GetGrain<IOperationGrain>(manage.Id);

        // Three check periods pass without a change.
        var unchanged = await operation.WaitForChange(manage.Version, OperationReconcileClusterFixture.ReconcileAfter * 3);

        Assert.Equal(OperationStatus.Running, unchanged.Status);
        Assert.Equal(manage.Version, unchanged.Version);
    }

    [Fact]
    public async Task The_listing_by_status_follows_an_operation_whose_end_the_index_missed_at_first()
    {
        var node = await fixture.EnrollAsync("reconcile-index");
        var nodeId = node.GetPrimaryKeyString();
        // The index shard's silo is unreachable when the operation ends.
        using var missed = fixture.Faults.Fail<IOperationIndexGrain>(nameof(IOperationIndexGrain.Upsert), times: 2, when: (_, view) => view is OperationView { Status: OperationStatus.Succeeded } v && v.NodeId == nodeId);
        var manage = await node.Request(ProvisionEvent.Manage, null);
        await fixture.GrainFactory.WaitForOperationAsync(manage.Id, o => o.Status.IsTerminal(), "the end");

        // The listing has no change signal: a short poll inside a deadline.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            var running = await FleetQueries.ListOperationsAsync(fixture.GrainFactory, new OperationQuery(NodeId: nodeId, Status: OperationStatus.Running));
            var succeeded = await FleetQueries.ListOperationsAsync(fixture.GrainFactory, new OperationQuery(NodeId: nodeId, Status: OperationStatus.Succeeded));
            if (running.Operations.Count == 0 && succeeded.Operations.Any(o => o.Id == manage.Id))
            {
                break;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"the listing still shows {manage.Id} as running");
            await Task.Delay(100);
        }

        Assert.Equal(2, missed.Hits);
    }
    [Fact]
    public async Task An_unfinished_operation_nobody_reads_after_a_restart_is_reconciled_through_the_listing()
    {
        var node = await fixture.EnrollAsync("reconcile-sweep");
        var nodeId = node.GetPrimaryKeyString();
        var orphanId = OperationIds.New();
        // Its node cannot be asked before the restart, so the operation's own check cannot end it there.
        using (fixture.Faults.Fail<INodeGrain>(nameof(INodeGrain.OperationFate), when: (key, _) => key == nodeId))
        {
            await fixture.GrainFactory.GetGrain<IOperationGrain>(orphanId).CreateRunning(
                new OperationRequest(nodeId, OperationAction.PowerOn), new OperationStepUpdate(new OperationProgress(1, 1, "power action"), true, null));
            await fixture.RestartSiloAsync();
        }

        // Only the listing is read from now on; it has no change signal: a short poll inside a deadline.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            var failed = await FleetQueries.ListOperationsAsync(fixture.GrainFactory, new OperationQuery(NodeId: nodeId, Status: OperationStatus.Failed));
            if (failed.Operations.SingleOrDefault(o => o.Id == orphanId) is { } listed)
            {
                Assert.Equal(OperationGrain.UnknownToNodeError, listed.Error);
                break;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"the listing does not show {orphanId} as failed");
            await Task.Delay(100);
        }

        Assert.Empty((await FleetQueries.ListOperationsAsync(fixture.GrainFactory, new OperationQuery(NodeId: nodeId, Status: OperationStatus.Running))).Operations);
    }
}
