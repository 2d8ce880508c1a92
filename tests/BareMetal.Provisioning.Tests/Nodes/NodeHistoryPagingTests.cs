using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Nodes;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>
/// History longer than the node's state carries, in pages written once into a bounded ring of slots, and the ids of
/// older operations in the archive: whole and in order, across a restart (new activations read and overwrite pages),
/// and gone with the node.
/// </summary>
public sealed class NodeHistoryPagingTests(NodeRecoveryClusterFixture fixture) : IClassFixture<NodeRecoveryClusterFixture>
{
    // The default capacity (100) keeps eight pages of twelve entries beside the four the state always keeps.
    private const int Slots = 8;

    private async Task<(string Id, string Manage)> ManageableAsync(string prefix)
    {
        var id = await fixture.EnrollAsync(prefix);
        var manage = await fixture.Node(id).Request(ProvisionEvent.Manage, null);
        await fixture.WaitForStableAsync(id, ProvisionState.Manageable);
        return (id, manage.Id);
    }

    private async Task<List<string>> PowerCyclesAsync(string id, int cycles)
    {
        var operations = new List<string>();
        for (var cycle = 0; cycle < cycles; cycle++)
        {
            foreach (var (action, reached) in new[] { (OperationAction.PowerOff, PowerState.Off), (OperationAction.PowerOn, PowerState.On) })
            {
                operations.Add((await fixture.Node(id).Submit(new NodeActionRequest(action, null))).Id);
                await fixture.WaitForAsync(id, v => v.PowerState == reached && v.PendingOperationIds.Count == 0, $"cycle {cycle}: {action}");
            }
        }

        return operations;
    }

    [Fact]
    public async Task History_WrappingThePageSlotsAcrossARestart_IsTheNewestEntriesInOrder_AndStorageStaysBounded()
    {
        var (id, manage) = await ManageableAsync("paged-history");
        var power = await PowerCyclesAsync(id, 10);
        await fixture.RestartSiloAsync();
        power.AddRange(await PowerCyclesAsync(id, 10));

        var history = await fixture.Node(id).History();

        // Four entries per power action: 40 actions wrote 160, the newest 100 are kept, and none twice.
        Assert.Equal(100, history.Count);
        Assert.Equal(history.Count, history.Distinct().Count());
        Assert.True(history.Zip(history.Skip(1)).All(p => p.First.At <= p.Second.At), "history is in time order");
        var powerChanges = history.Where(h => h.Event == "power").Select(h => h.OperationId!).ToList();
        Assert.Equal(power.TakeLast(powerChanges.Count), powerChanges);
        Assert.Equal(power[^1], history[^1].OperationId);

        // Every operation id, newest first, though the state carries only the latest few.
        Assert.Equal([.. Enumerable.Reverse(power), manage], await fixture.Node(id).RecentOperations());
        var stored = await fixture.StoredStateAsync(id);
        Assert.InRange(stored.History.Count, NodeGrain.HistoryKeptInState, NodeGrain.HistoryKeptInState + NodeGrain.HistoryPageSize - 1);
        Assert.InRange(stored.RecentOperations.Count, 1, 16);
        Assert.True(stored.HistoryPages > Slots, $"{stored.HistoryPages} pages written");
        Assert.NotNull(await fixture.StoredPayloadAsync(id, $"history-page-{Slots - 1}"));
        Assert.Null(await fixture.StoredPayloadAsync(id, $"history-page-{Slots}"));
    }

    [Fact]
    public async Task Cancel_OfAnOldOperationTheStateNoLongerCarries_AnswersItAlreadySucceeded()
    {
        var (id, _) = await ManageableAsync("paged-cancel");
        var power = await PowerCyclesAsync(id, 12);

        var outcome = await fixture.Node(id).Cancel(power[0], "too late");

        Assert.False(outcome.Accepted);
        Assert.Equal(OperationStatus.Succeeded, outcome.Status);
    }

    [Fact]
    public async Task Delete_ClearsTheHistoryPagesAndTheArchive()
    {
        var (id, _) = await ManageableAsync("paged-delete");
        await PowerCyclesAsync(id, 12);
        Assert.NotNull(await fixture.StoredPayloadAsync(id, "history-page-0"));
        Assert.NotNull(await fixture.StoredPayloadAsync(id, "history"));

        await fixture.Node(id).Delete("test");

        Assert.Null(await fixture.StoredPayloadAsync(id, "node"));
        Assert.Null(await fixture.StoredPayloadAsync(id, "history"));
        for (var slot = 0; slot < Slots; slot++)
        {
            Assert.Null(await fixture.StoredPayloadAsync(id, $"history-page-{slot}"));
        }
    }
}
