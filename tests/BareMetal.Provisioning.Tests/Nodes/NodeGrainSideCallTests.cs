using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Drivers.Simulated;
using BareMetal.Provisioning.Fleet;
using BareMetal.Provisioning.Tests.Infrastructure;
using BareMetal.Provisioning.Webhooks;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>
/// A node's turn does not wait longer than <c>SideCallTimeout</c> for the calls it makes beside its own write (the
/// fleet index and events, its operations' outbox). A grain that does not answer, as one on a silo that froze and was
/// declared dead, would otherwise hold the node and every request queued behind it for the grain-call timeout; what it
/// was told still lands once it answers.
/// </summary>
public sealed class NodeGrainSideCallTests(NodeSideCallClusterFixture fixture) : IClassFixture<NodeSideCallClusterFixture>
{
    // Far above the side-call timeout, far below the grain-call timeout (30 s) that a held call would end at.
    private static readonly TimeSpan s_answerBound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_node_answers_while_its_index_shard_does_not_and_the_index_catches_up_once_it_does()
    {
        var id = Guid.NewGuid().ToString();
        var node = fixture.GrainFactory.GetGrain<INodeGrain>(id);
        var shard = fixture.GrainFactory.GetGrain<INodeIndexGrain>(NodeIndex.ShardKeyOf(id));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        OperationView managing;
        using (var hold = fixture.Faults.Hold<INodeIndexRecorder>(nameof(INodeIndexRecorder.Record), release.Task, when: (_, view) => view is NodeView v && v.Id == id))
        {
            try
            {
                await node.Enroll(new NodeEnrollment($"held-index-{id[..8]}", SimulatedHardwareDriver.DriverName)).WaitAsync(s_answerBound);
                managing = await node.Request(ProvisionEvent.Manage, null).WaitAsync(s_answerBound);
                Assert.Equal(id, (await node.Get().WaitAsync(s_answerBound)).Id);
                Assert.True(hold.Hits >= 1);
                Assert.Null(await shard.Find(id));
            }
            finally
            {
                release.SetResult();
            }
        }

        var ended = await WaitForOperationEnd(managing.Id);
        Assert.Equal(OperationStatus.Succeeded, ended.Status);
        var current = await node.Get();
        await WaitUntil(async () => (await shard.Find(id))?.Version == current.Version, "the index to hold the node's latest version");
    }

    [Fact]
    public async Task A_node_answers_while_its_operation_does_not_waits_for_it_once_and_the_operation_ends_once_it_does()
    {
        var id = Guid.NewGuid().ToString();
        var node = fixture.GrainFactory.GetGrain<INodeGrain>(id);
        await node.Enroll(new NodeEnrollment($"held-operation-{id[..8]}", SimulatedHardwareDriver.DriverName));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        string? held = null;
        OperationView managing;
        OperationView providing;
        // The node's first operation (seen as it is created; nothing is held there) does not answer until released; the
        // others do.
        using var spy = fixture.Faults.Before<IOperationGrain>(nameof(IOperationGrain.CreateRunning), () => { }, when: (key, request) =>
        {
            if (request is OperationRequest r && r.NodeId == id)
            {
                held ??= key;
            }

            return false;
        });
        using (var advances = fixture.Faults.Hold<IOperationGrain>(nameof(IOperationGrain.Advance), release.Task, when: (key, _) => key == held))
        using (var completions = fixture.Faults.Hold<IOperationGrain>(nameof(IOperationGrain.Complete), release.Task, when: (key, _) => key == held))
        {
            try
            {
                managing = await node.Request(ProvisionEvent.Manage, null).WaitAsync(s_answerBound);
                await WaitUntil(() => Task.FromResult(advances.Hits + completions.Hits > 0), "the node to tell its operation of a step");
                Assert.Equal(managing.Id, held);
                // The node is not held by the operation that does not answer: its steps go on, and it takes the next
                // request (a turn of its own, not one that interleaves as reads do) and carries it out.
                await WaitUntil(async () => (await node.Get()).ProvisionState == ProvisionState.Manageable, "the node to reach manageable");
                providing = await node.Request(ProvisionEvent.Provide, null).WaitAsync(s_answerBound);
                Assert.Equal(OperationStatus.Succeeded, (await WaitForOperationEnd(providing.Id)).Status);
                Assert.Equal(OperationStatus.Running, (await fixture.GrainFactory.GetGrain<IOperationGrain>(managing.Id).Get()).Status);
                // Through all the node's writes since, it neither sent the unanswered operation anything more nor waited
                // for it again.
                Assert.Equal(1, advances.Hits + completions.Hits);
            }
            finally
            {
                release.SetResult();
            }
        }

        Assert.Equal(OperationStatus.Succeeded, (await WaitForOperationEnd(managing.Id)).Status);
    }

    [Fact]
    public async Task A_node_answers_while_the_webhook_registry_does_not_asks_it_once_and_raises_every_event_once_it_does()
    {
        var id = Guid.NewGuid().ToString();
        var node = fixture.GrainFactory.GetGrain<INodeGrain>(id);
        await node.Enroll(new NodeEnrollment($"held-registry-{id[..8]}", SimulatedHardwareDriver.DriverName));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var hold = fixture.Faults.Hold<IWebhookDispatchGrain>(nameof(IWebhookDispatchGrain.Matching), release.Task, when: (_, eventType) => eventType is string type && type.StartsWith("node.", StringComparison.Ordinal));
        try
        {
            // manage (verifying, the power read, manageable) then provide (cleaning, available): five events, written
            // while the registry does not answer.
            var managing = await node.Request(ProvisionEvent.Manage, null).WaitAsync(s_answerBound);
            Assert.Equal(OperationStatus.Succeeded, (await WaitForOperationEnd(managing.Id)).Status);
            var providing = await node.Request(ProvisionEvent.Provide, null).WaitAsync(s_answerBound);
            Assert.Equal(OperationStatus.Succeeded, (await WaitForOperationEnd(providing.Id)).Status);
            Assert.Equal(ProvisionState.Available, (await node.Get()).ProvisionState);
            // Through all those writes the node asked the registry once: it neither asked again nor waited again.
            Assert.Equal(1, hold.Hits);
        }
        finally
        {
            release.SetResult();
        }

        // Once the registry answers, the node raises the first event again and every later one.
        await WaitUntil(() => Task.FromResult(hold.Hits >= 6), "the node to raise its five events");
    }

    [Fact]
    public async Task Maintenance_is_answered_while_the_operation_index_does_not_answer_and_the_index_catches_up_once_it_does()
    {
        var id = Guid.NewGuid().ToString();
        var node = fixture.GrainFactory.GetGrain<INodeGrain>(id);
        await node.Enroll(new NodeEnrollment($"held-operation-index-{id[..8]}", SimulatedHardwareDriver.DriverName));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        NodeActionAccepted on;
        using (var hold = fixture.Faults.Hold<IOperationIndexGrain>(nameof(IOperationIndexGrain.Upsert), release.Task, when: (_, view) => view is OperationView v && v.NodeId == id))
        {
            try
            {
                // Maintenance ends its operation within the node's turn; the operation's own turn tells the index.
                on = await node.Accept(new NodeActionRequest(OperationAction.MaintenanceOn, new Dictionary<string, string> { ["reason"] = "held index" })).WaitAsync(s_answerBound);
                Assert.Equal(OperationStatus.Succeeded, on.Operation.Status);
                var off = await node.Accept(new NodeActionRequest(OperationAction.MaintenanceOff)).WaitAsync(s_answerBound);
                Assert.Equal(OperationStatus.Succeeded, off.Operation.Status);
                Assert.True(hold.Hits >= 1);
            }
            finally
            {
                release.SetResult();
            }
        }

        var shard = fixture.GrainFactory.GetGrain<IOperationIndexGrain>(NodeIndex.ShardKeyOf(id));
        await WaitUntil(
            async () => (await shard.Query(new OperationQuery(NodeId: id))).Any(o => o.Id == on.Operation.Id && o.Status == OperationStatus.Succeeded),
            "the operation index to hold the maintenance operation's end");
    }

    [Fact]
    public async Task A_queued_operation_is_cancelled_while_its_grain_does_not_answer_and_ends_cancelled_once_it_does()
    {
        var id = Guid.NewGuid().ToString();
        var node = fixture.GrainFactory.GetGrain<INodeGrain>(id);
        await node.Enroll(new NodeEnrollment($"held-cancel-{id[..8]}", SimulatedHardwareDriver.DriverName));
        fixture.Fleet[id].HangNextCalls(SimulatedStepKind.Validate);
        var manage = await node.Request(ProvisionEvent.Manage, null);
        var provide = await node.Request(ProvisionEvent.Provide, null);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (var asked = fixture.Faults.Hold<IOperationGrain>(nameof(IOperationGrain.Cancel), release.Task, when: (key, _) => key == provide.Id))
        using (var told = fixture.Faults.Hold<IOperationGrain>(nameof(IOperationGrain.Complete), release.Task, when: (key, _) => key == provide.Id))
        {
            try
            {
                // The queued operation's grain does not answer (its silo froze, say): the node's queue decides, and the
                // operation is told through the outbox, which does not hold the node's turn.
                var outcome = await node.Cancel(provide.Id, "changed my mind").WaitAsync(s_answerBound);
                Assert.True(outcome.Accepted);
                Assert.Equal(OperationStatus.Cancelled, outcome.Status);
                Assert.Equal([manage.Id], (await node.Get().WaitAsync(s_answerBound)).PendingOperationIds);
                Assert.Equal(1, told.Hits);
                Assert.Equal(OperationStatus.Queued, (await fixture.GrainFactory.GetGrain<IOperationGrain>(provide.Id).Get()).Status);
            }
            finally
            {
                release.SetResult();
            }
        }

        var ended = await WaitForOperationEnd(provide.Id);
        Assert.Equal(OperationStatus.Cancelled, ended.Status);
        Assert.Equal("cancelled: changed my mind", ended.Error);
        await node.Cancel(manage.Id, "test over");
    }

    private Task<OperationView> WaitForOperationEnd(string operationId) =>
        fixture.GrainFactory.WaitForOperationAsync(operationId, o => o.Status.IsTerminal(), "its end");

    // Polls what has no change feed, with a deadline.
    private static async Task<bool> WaitUntil(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + s_deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {s_deadline.TotalSeconds} s for {what}.");
            }

            await Task.Delay(20);
        }

        return true;
    }
}
