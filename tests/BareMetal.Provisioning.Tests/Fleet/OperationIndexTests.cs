using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Operations;

namespace BareMetal.Provisioning.Tests.Fleet;

public sealed class OperationIndexTests(FleetClusterFixture fixture) : IClassFixture<FleetClusterFixture>
{
    [Fact]
    public async Task Operations_of_a_node_are_listed_newest_first_with_their_latest_status()
    {
        var nodeId = Guid.NewGuid().ToString();
        var first = await CreateAsync(nodeId, OperationAction.PowerOn);
        var second = await CreateAsync(nodeId, OperationAction.PowerOff);
        await Operation(first).MarkRunning(1, "powering on");
        await Operation(first).Complete(OperationStatus.Succeeded, "on", null);

        var all = await FleetQueries.ListOperationsAsync(fixture.GrainFactory, new OperationQuery(NodeId: nodeId));
        var succeeded = await FleetQueries.ListOperationsAsync(fixture.GrainFactory, new OperationQuery(NodeId: nodeId, Status: OperationStatus.Succeeded));

        Assert.Equal([second, first], all.Operations.Select(o => o.Id));
        Assert.Equal(OperationStatus.Succeeded, all.Operations[1].Status);
        Assert.Equal([first], succeeded.Operations.Select(o => o.Id));
    }

    [Fact]
    public async Task The_fleet_wide_listing_pages_through_every_shard_with_a_cursor()
    {
        // Queued operations on distinct nodes (spread over the shards), found by their status among the others.
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await CreateAsync(Guid.NewGuid().ToString(), OperationAction.Reboot));
        }

        var seen = new List<OperationView>();
        string? cursor = null;
        do
        {
            var page = await FleetQueries.ListOperationsAsync(fixture.GrainFactory, new OperationQuery(Status: OperationStatus.Queued, After: cursor, Limit: 5));
            seen.AddRange(page.Operations);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Subset(seen.Select(o => o.Id).ToHashSet(StringComparer.Ordinal), ids);
        Assert.Equal(seen.Count, seen.Select(o => o.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(seen.OrderByDescending(o => o.CreatedAt).Select(o => o.CreatedAt), seen.Select(o => o.CreatedAt));
    }

    [Fact]
    public async Task A_shard_keeps_every_unfinished_operation_and_only_the_most_recent_finished_ones()
    {
        var nodeId = Guid.NewGuid().ToString();
        var unfinished = await CreateAsync(nodeId, OperationAction.Deploy);
        var finished = new List<string>();
        for (var i = 0; i < FleetClusterFixture.FinishedOperationsPerShard + 5; i++)
        {
            var id = await CreateAsync(nodeId, OperationAction.Reboot);
            await Operation(id).Cancel("not needed");
            finished.Add(id);
        }

        var listed = (await FleetQueries.ListOperationsAsync(fixture.GrainFactory, new OperationQuery(NodeId: nodeId, Limit: 1000))).Operations;

        Assert.Contains(unfinished, listed.Select(o => o.Id));
        var kept = listed.Where(o => o.Status == OperationStatus.Cancelled).Select(o => o.Id).ToList();
        Assert.True(kept.Count <= FleetClusterFixture.FinishedOperationsPerShard, $"{kept.Count} finished operations kept");
        Assert.Contains(finished[^1], kept);
        Assert.DoesNotContain(finished[0], kept);
    }

    private IOperationGrain Operation(string id) => fixture.GrainFactory.GetGrain<IOperationGrain>(id);

    private async Task<string> CreateAsync(string nodeId, OperationAction action)
    {
        var id = OperationIds.New();
        await Operation(id).Create(new OperationRequest(nodeId, action));
        return id;
    }
}
