using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.Tests.Fleet;

public sealed class NodeIndexTests(FleetClusterFixture fixture) : IClassFixture<FleetClusterFixture>
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_listing_right_after_enrollment_shows_the_new_nodes()
    {
        var owner = NewOwner();
        var enrolled = new List<NodeView>();
        for (var i = 0; i < 5; i++)
        {
            enrolled.Add(await fixture.EnrollAsync(owner));
        }

        var page = await FleetQueries.ListNodesAsync(fixture.GrainFactory, new NodeQuery(Search: owner));

        Assert.Equal(enrolled.OrderBy(n => n.CreatedAt).ThenBy(n => n.Id, StringComparer.Ordinal).Select(n => n.Id), page.Nodes.Select(n => n.Id));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Pages_follow_each_other_through_the_cursor_without_gaps_or_repeats()
    {
        var owner = NewOwner();
        var ids = new HashSet<string>();
        for (var i = 0; i < 23; i++)
        {
            ids.Add((await fixture.EnrollAsync(owner)).Id);
        }

        var seen = new List<NodeView>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await FleetQueries.ListNodesAsync(fixture.GrainFactory, new NodeQuery(Search: owner, After: cursor, Limit: 10));
            seen.AddRange(page.Nodes);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Select(n => n.Id).Order(StringComparer.Ordinal));
        Assert.Equal(seen.OrderBy(n => n.CreatedAt).ThenBy(n => n.Id, StringComparer.Ordinal).Select(n => n.Id), seen.Select(n => n.Id));
    }

    [Fact]
    public async Task Filters_select_by_resource_class_search_and_provision_state()
    {
        var owner = NewOwner();
        var small = await WithResourceClassAsync(await fixture.EnrollAsync(owner), "small");
        var large = await WithResourceClassAsync(await fixture.EnrollAsync(owner), "large");

        var bySmall = await FleetQueries.ListNodesAsync(fixture.GrainFactory, new NodeQuery(Search: owner, ResourceClass: "small"));
        var bySearch = await FleetQueries.ListNodesAsync(fixture.GrainFactory, new NodeQuery(Search: large.Id.ToUpperInvariant()));
        var byState = await FleetQueries.ListNodesAsync(fixture.GrainFactory, new NodeQuery(Search: owner, ProvisionState: ProvisionState.Enroll));
        var none = await FleetQueries.ListNodesAsync(fixture.GrainFactory, new NodeQuery(Search: owner, ProvisionState: ProvisionState.Active));

        Assert.Equal([small.Id], bySmall.Nodes.Select(n => n.Id));
        Assert.Equal([large.Id], bySearch.Nodes.Select(n => n.Id));
        Assert.Equal(2, byState.Nodes.Count);
        Assert.Empty(none.Nodes);
    }

    [Fact]
    public async Task Bad_limits_and_cursors_are_refused_with_the_field_named()
    {
        var limit = await Assert.ThrowsAsync<ArgumentException>(() => FleetQueries.ListNodesAsync(fixture.GrainFactory, new NodeQuery(Limit: 0)));
        var cursor = await Assert.ThrowsAsync<ArgumentException>(() => FleetQueries.ListNodesAsync(fixture.GrainFactory, new NodeQuery(After: "not a cursor!")));

        Assert.Contains("limit", limit.Message, StringComparison.Ordinal);
        Assert.Contains("after", cursor.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_older_view_does_not_replace_a_newer_one()
    {
        var node = await fixture.EnrollAsync(NewOwner());
        var shard = fixture.GrainFactory.GetGrain<INodeIndexGrain>(NodeIndex.ShardKeyOf(node.Id));

        await shard.Upsert(node with { Maintenance = true, Version = node.Version + 5 });
        await shard.Upsert(node with { Maintenance = false, Version = node.Version + 1 });

        Assert.True((await shard.Find(node.Id))!.Maintenance);
    }

    [Fact]
    public async Task Counts_add_up_the_fleet_by_state()
    {
        var before = await FleetQueries.CountsAsync(fixture.GrainFactory);
        var node = await fixture.EnrollAsync(NewOwner());
        var shard = fixture.GrainFactory.GetGrain<INodeIndexGrain>(NodeIndex.ShardKeyOf(node.Id));
        await shard.Upsert(node with { Maintenance = true, LastError = "boom", Version = node.Version + 100 });

        var after = await FleetQueries.CountsAsync(fixture.GrainFactory);

        Assert.Equal(before.Total + 1, after.Total);
        Assert.Equal(before.InMaintenance + 1, after.InMaintenance);
        Assert.Equal(before.WithError + 1, after.WithError);
        Assert.Equal(before.ByProvisionState.GetValueOrDefault("enroll") + 1, after.ByProvisionState["enroll"]);
    }

    [Fact]
    public async Task A_change_long_poll_returns_as_soon_as_a_node_of_its_shard_changes()
    {
        var node = await fixture.EnrollAsync(NewOwner());
        var shard = fixture.GrainFactory.GetGrain<INodeIndexGrain>(NodeIndex.ShardKeyOf(node.Id));
        var start = await shard.Changes(long.MaxValue, TimeSpan.Zero);
        var latest = start.LastSequence;

        var poll = shard.Changes(latest, TimeSpan.FromSeconds(20));
        await Task.Delay(50);
        Assert.False(poll.IsCompleted);
        await shard.Upsert(node with { Description = "changed", Version = node.Version + 1 });
        var batch = await poll.WaitAsync(s_deadline);

        Assert.False(batch.Truncated);
        var change = Assert.Single(batch.Changes);
        Assert.Equal(latest + 1, change.Sequence);
        Assert.Equal("changed", change.Node!.Description);
        Assert.Equal(change.Sequence, batch.LastSequence);
    }

    [Fact]
    public async Task A_reader_behind_the_change_ring_is_told_to_reread()
    {
        var node = await fixture.EnrollAsync(NewOwner());
        var shard = fixture.GrainFactory.GetGrain<INodeIndexGrain>(NodeIndex.ShardKeyOf(node.Id));
        var latest = (await shard.Changes(long.MaxValue, TimeSpan.Zero)).LastSequence;

        for (var i = 1; i <= FleetClusterFixture.ChangeFeedCapacity + 3; i++)
        {
            await shard.Upsert(node with { Version = node.Version + i });
        }

        var behind = await shard.Changes(latest, TimeSpan.Zero);
        var current = await shard.Changes(behind.LastSequence - 2, TimeSpan.Zero);

        Assert.True(behind.Truncated);
        Assert.Equal(FleetClusterFixture.ChangeFeedCapacity, behind.Changes.Count);
        Assert.False(current.Truncated);
        Assert.Equal(2, current.Changes.Count);
    }

    [Fact]
    public async Task A_node_resolves_by_its_id()
    {
        var node = await fixture.EnrollAsync(NewOwner());

        Assert.Equal(node.Id, await FleetQueries.ResolveNodeAsync(fixture.GrainFactory, node.Id));
    }

    [Fact]
    public async Task A_removed_node_leaves_listings_and_the_feed_says_so()
    {
        var owner = NewOwner();
        var node = await fixture.EnrollAsync(owner);
        var shard = fixture.GrainFactory.GetGrain<INodeIndexGrain>(NodeIndex.ShardKeyOf(node.Id));
        var latest = (await shard.Changes(long.MaxValue, TimeSpan.Zero)).LastSequence;

        await shard.Remove(node.Id);

        Assert.Empty((await FleetQueries.ListNodesAsync(fixture.GrainFactory, new NodeQuery(Search: owner))).Nodes);
        var change = Assert.Single((await shard.Changes(latest, TimeSpan.Zero)).Changes);
        Assert.Equal(node.Id, change.NodeId);
        Assert.Null(change.Node);
    }

    [Fact]
    public async Task The_fleet_watch_streams_changes_of_nodes_in_every_shard()
    {
        var tag = NewOwner();
        var from = await FleetWatch.NowAsync(fixture.GrainFactory);
        var enrolled = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 8; i++)
        {
            enrolled.Add((await fixture.EnrollAsync(tag)).Id);
        }

        using var stop = new CancellationTokenSource(s_deadline);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var change in FleetWatch.ChangesAsync(fixture.GrainFactory, from, stop.Token))
        {
            if (change.Node?.Name.StartsWith(tag, StringComparison.Ordinal) == true)
            {
                seen.Add(change.NodeId);
            }

            if (enrolled.IsSubsetOf(seen))
            {
                break;
            }
        }

        Assert.Equal(enrolled, seen);
    }

    private async Task<NodeView> WithResourceClassAsync(NodeView node, string resourceClass)
    {
        var changed = node with { ResourceClass = resourceClass, Version = node.Version + 1 };
        await fixture.GrainFactory.GetGrain<INodeIndexGrain>(NodeIndex.ShardKeyOf(node.Id)).Upsert(changed);
        return changed;
    }

    private static string NewOwner() => "tag" + Guid.NewGuid().ToString("N")[..12];
}
