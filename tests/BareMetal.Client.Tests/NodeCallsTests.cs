using BareMetal.Client.Models;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Client.Tests;

public sealed class NodeCallsTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Create_then_get_by_name_and_id_returns_the_enrolled_node()
    {
        var client = fixture.CreateClient();
        var created = await client.Nodes.CreateAsync(new NewNode
        {
            Driver = "fake-hardware",
            Name = "n-" + Guid.NewGuid().ToString("N")[..10],
            ResourceClass = "rc-create",
            Properties = new Dictionary<string, string> { ["cpus"] = "4" },
            Traits = ["CUSTOM_A"],
        });

        var byName = await client.Nodes.GetAsync(created.Name);
        var byId = await client.Nodes.GetAsync(created.Id);

        Assert.Equal(ProvisionState.Enroll, created.ProvisionState);
        Assert.Equal(created.Id, byName.Id);
        Assert.Equal(created.Name, byId.Name);
        Assert.Equal("4", byId.Properties["cpus"]);
        Assert.Equal(["CUSTOM_A"], byId.Traits);
        Assert.Equal("rc-create", byId.ResourceClass);
    }

    [Fact]
    public async Task List_filters_by_resource_class_and_pages_with_the_cursor()
    {
        var client = fixture.CreateClient();
        var resourceClass = "rc-" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await TestNodes.EnrollAsync(client, resourceClass)).Id);
        }

        await TestNodes.EnrollAsync(client, "rc-other");

        var first = await client.Nodes.ListAsync(new NodeListQuery { ResourceClass = resourceClass, Limit = 2 });
        var all = await client.Nodes.ListAllAsync(new NodeListQuery { ResourceClass = resourceClass, Limit = 2 }).ToListAsync();

        Assert.Equal(2, first.Items.Count);
        Assert.NotNull(first.NextCursor);
        Assert.Equal(ids.Order(StringComparer.Ordinal), all.Select(n => n.Id).Order(StringComparer.Ordinal));
        Assert.All(all, n => Assert.Equal(resourceClass, n.ResourceClass));
    }

    [Fact]
    public async Task Update_changes_only_the_given_fields_and_removes_keys_mapped_to_null()
    {
        var client = fixture.CreateClient();
        var node = await TestNodes.EnrollAsync(client, "rc-patch");
        await client.Nodes.UpdateAsync(node.Id, new NodeChanges { Extra = new Dictionary<string, string?> { ["rack"] = "r1", ["row"] = "7" } });

        var updated = await client.Nodes.UpdateAsync(node.Name, new NodeChanges
        {
            Description = "in rack r2",
            Extra = new Dictionary<string, string?> { ["rack"] = "r2", ["row"] = null },
        });

        Assert.Equal("in rack r2", updated.Description);
        Assert.Equal(new Dictionary<string, string> { ["rack"] = "r2" }, updated.Extra);
        Assert.Equal("rc-patch", updated.ResourceClass);
        var reread = await client.Nodes.GetAsync(node.Id);
        Assert.Equal("in rack r2", reread.Description);
        Assert.Equal(new Dictionary<string, string> { ["rack"] = "r2" }, reread.Extra);
    }

    [Fact]
    public async Task Delete_removes_the_node_so_get_throws_not_found()
    {
        var client = fixture.CreateClient();
        var node = await TestNodes.EnrollAsync(client);

        await client.Nodes.DeleteAsync(node.Name);

        var error = await Assert.ThrowsAsync<BareMetalNotFoundException>(() => client.Nodes.GetAsync(node.Id));
        Assert.Equal("node-not-found", error.Kind);
    }

    [Fact]
    public async Task History_and_recent_operations_show_what_was_done()
    {
        var client = fixture.CreateClient();
        var node = await TestNodes.AvailableAsync(client);

        var history = await client.Nodes.HistoryAsync(node.Id);
        var operations = await client.Nodes.RecentOperationsAsync(node.Id);

        Assert.Contains(history, e => e.To == ProvisionState.Available);
        Assert.Contains(operations, o => o.Action == BareMetal.Contracts.Operations.OperationAction.Manage);
        Assert.Contains(operations, o => o.Action == BareMetal.Contracts.Operations.OperationAction.Provide);
    }
}
