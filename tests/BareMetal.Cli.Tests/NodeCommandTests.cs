using System.Text.Json;

namespace BareMetal.Cli.Tests;

public sealed class NodeCommandTests(CliHostFixture fixture) : IClassFixture<CliHostFixture>
{
    [Fact]
    public async Task Create_show_set_list_and_delete_a_node_in_json()
    {
        var name = "bm-" + Guid.NewGuid().ToString("N")[..8];
        var resourceClass = "rc-" + Guid.NewGuid().ToString("N")[..8];

        var created = await fixture.BmAsync("node", "create", "--driver", "fake-hardware", "--name", name, "--resource-class", resourceClass, "--property", "cpus=16", "--output", "json");
        var set = await fixture.BmAsync("node", "set", name, "--description", "rack 4", "--extra", "row=2", "-o", "json");
        var shown = await fixture.BmAsync("node", "show", name, "-o", "json");
        var listed = await fixture.BmAsync("node", "list", "--resource-class", resourceClass, "-o", "json");
        var deleted = await fixture.BmAsync("node", "delete", name, "-o", "json");
        var gone = await fixture.BmAsync("node", "show", name, "-o", "json");

        Assert.Equal(0, created.ExitCode);
        Assert.Equal("enroll", created.Json().GetProperty("provisionState").GetString());
        Assert.Equal("16", created.Json().GetProperty("properties").GetProperty("cpus").GetString());
        Assert.Equal(0, set.ExitCode);
        Assert.Equal("rack 4", shown.Json().GetProperty("description").GetString());
        Assert.Equal("2", shown.Json().GetProperty("extra").GetProperty("row").GetString());
        var items = listed.Json().GetProperty("items");
        Assert.Equal(name, Assert.Single(items.EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(0, deleted.ExitCode);
        Assert.True(deleted.Json().GetProperty("deleted").GetBoolean());
        Assert.Equal(4, gone.ExitCode);
        Assert.Equal("not-found", gone.Json().GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Human_output_is_a_table_without_colour_codes_when_redirected()
    {
        var node = await fixture.AvailableNodeAsync();

        var result = await fixture.BmAsync("node", "list", "--search", node.Name);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(node.Name, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("available", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fleet_summary_counts_nodes_by_state()
    {
        var resourceClass = "rc-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.AvailableNodeAsync(resourceClass);
        await fixture.AvailableNodeAsync(resourceClass);

        var result = await fixture.BmAsync("fleet", "summary", "--resource-class", resourceClass, "-o", "json");

        Assert.Equal(0, result.ExitCode);
        var summary = result.Json();
        Assert.Equal(2, summary.GetProperty("total").GetInt32());
        Assert.Equal(2, summary.GetProperty("byProvisionState").GetProperty("available").GetInt32());
    }

    [Fact]
    public async Task Set_without_changes_is_a_usage_error()
    {
        var node = await fixture.AvailableNodeAsync();

        var result = await fixture.BmAsync("node", "set", node.Name, "-o", "json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Nothing to change", result.Stderr, StringComparison.Ordinal);
    }
}
