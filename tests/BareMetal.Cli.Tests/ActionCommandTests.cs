using System.Text.Json;

namespace BareMetal.Cli.Tests;

public sealed class ActionCommandTests(CliHostFixture fixture) : IClassFixture<CliHostFixture>
{
    [Fact]
    public async Task Deploy_with_wait_prints_the_succeeded_operation_and_the_node_is_active()
    {
        var node = await fixture.AvailableNodeAsync();

        var result = await fixture.BmAsync("deploy", node.Name, "--image-source", "http://images.example/a.qcow2", "--wait", "-o", "json");
        var shown = await fixture.BmAsync("node", "show", node.Id, "-o", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var operation = result.Json();
        Assert.Equal("succeeded", operation.GetProperty("status").GetString());
        Assert.Equal("deploy", operation.GetProperty("action").GetString());
        Assert.Equal("http://images.example/a.qcow2", operation.GetProperty("parameters").GetProperty("image_source").GetString());
        Assert.Equal("active", shown.Json().GetProperty("provisionState").GetString());
    }

    [Fact]
    public async Task Bulk_deploy_of_a_resource_class_deploys_every_available_node_of_it()
    {
        var resourceClass = "rc-" + Guid.NewGuid().ToString("N")[..8];
        var nodes = new[] { await fixture.AvailableNodeAsync(resourceClass), await fixture.AvailableNodeAsync(resourceClass), await fixture.AvailableNodeAsync(resourceClass) };
        await fixture.AvailableNodeAsync("rc-elsewhere");

        var result = await fixture.BmAsync("deploy", "--all", "--resource-class", resourceClass, "--wait", "--parallel", "2", "-o", "json");
        var listed = await fixture.BmAsync("node", "list", "--resource-class", resourceClass, "-o", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var outcomes = result.Json().EnumerateArray().ToList();
        Assert.Equal(nodes.Select(n => n.Name).Order(StringComparer.Ordinal), outcomes.Select(o => o.GetProperty("target").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(outcomes, o => Assert.Equal("succeeded", o.GetProperty("operation").GetProperty("status").GetString()));
        Assert.All(listed.Json().GetProperty("items").EnumerateArray(), n => Assert.Equal("active", n.GetProperty("provisionState").GetString()));
    }

    [Fact]
    public async Task Without_wait_the_action_answers_at_once_with_the_queued_operation()
    {
        var node = await fixture.AvailableNodeAsync();

        var result = await fixture.BmAsync("power", "on", node.Name, "-o", "json");
        var id = result.Json().GetProperty("id").GetString()!;
        var watched = await fixture.BmAsync("ops", "watch", id, "-o", "json");
        var shown = await fixture.BmAsync("ops", "show", id, "-o", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("op-", id, StringComparison.Ordinal);
        Assert.Equal(0, watched.ExitCode);
        var lines = watched.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal("succeeded", lines[^1].GetProperty("status").GetString());
        Assert.Equal("succeeded", shown.Json().GetProperty("status").GetString());
        Assert.Equal("power on", (await fixture.BmAsync("node", "show", node.Id, "-o", "json")).Json().GetProperty("powerState").GetString());
    }

    [Fact]
    public async Task A_refused_action_exits_3_and_an_unknown_node_exits_4()
    {
        var node = await fixture.Client.Nodes.CreateAsync(new BareMetal.Client.Models.NewNode { Driver = "fake-hardware" });

        var refused = await fixture.BmAsync("deploy", node.Id, "-o", "json");
        var missing = await fixture.BmAsync("manage", "no-such-node", "-o", "json");

        Assert.Equal(3, refused.ExitCode);
        Assert.Equal("refused", refused.Json().GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal(4, missing.ExitCode);
    }

    [Fact]
    public async Task Deleting_a_busy_node_exits_3_naming_the_conflicting_operation()
    {
        var node = await fixture.AvailableNodeAsync();
        var deploy = await fixture.Client.Nodes.DeployAsync(node.Id);

        var result = await fixture.BmAsync("node", "delete", node.Name, "-o", "json");
        await deploy.WaitAsync();

        Assert.Equal(3, result.ExitCode);
        var error = result.Json().GetProperty("error");
        Assert.Equal("conflict", error.GetProperty("kind").GetString());
        Assert.Equal(deploy.Id, error.GetProperty("conflictingOperationId").GetString());
    }

    [Fact]
    public async Task Cancelling_a_queued_operation_then_watching_it_exits_1()
    {
        var node = await fixture.AvailableNodeAsync();
        var deploy = await fixture.Client.Nodes.DeployAsync(node.Id);
        var reboot = await fixture.Client.Nodes.RebootAsync(node.Id);

        var cancelled = await fixture.BmAsync("ops", "cancel", reboot.Id, "--reason", "not now", "-o", "json");
        var watched = await fixture.BmAsync("ops", "watch", reboot.Id, "-o", "json");
        var listed = await fixture.BmAsync("ops", "list", "--node", node.Name, "--status", "cancelled", "-o", "json");
        await deploy.WaitAsync();

        Assert.Equal(0, cancelled.ExitCode);
        Assert.Equal(1, watched.ExitCode);
        Assert.Contains("cancelled", watched.Stderr, StringComparison.Ordinal);
        Assert.Equal(reboot.Id, Assert.Single(listed.Json().GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }
}
