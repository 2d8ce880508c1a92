using BareMetal.Client.Models;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Samples.BulkDeploy;

namespace BareMetal.Client.Tests;

public sealed class BulkDeploySampleTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task The_sample_deploys_the_class_with_at_most_the_given_number_of_deploys_at_once()
    {
        var client = fixture.CreateClient();
        var resourceClass = "rc-bulk-" + Guid.NewGuid().ToString("N")[..6];
        var nodes = new List<Node>();
        for (var i = 0; i < 4; i++)
        {
            nodes.Add(await TestNodes.AvailableAsync(client, resourceClass));
        }

        var outcomes = await new BulkDeployer(client, TextWriter.Null).DeployAsync(resourceClass, count: 10, parallel: 2, imageSource: null, CancellationToken.None);

        Assert.Equal(nodes.Select(n => n.Name).Order(StringComparer.Ordinal), outcomes.Keys.Order(StringComparer.Ordinal));
        Assert.All(outcomes.Values, Assert.Null);
        var deploys = new List<OperationView>();
        foreach (var node in nodes)
        {
            Assert.Equal(ProvisionState.Active, (await client.Nodes.GetAsync(node.Id)).ProvisionState);
            deploys.Add((await client.Nodes.RecentOperationsAsync(node.Id)).Single(o => o.Action == OperationAction.Deploy));
        }

        // Each worker submits its next deploy only after the previous one ended: at any moment at most two were open.
        var most = deploys.Max(d => deploys.Count(other => other.CreatedAt <= d.CreatedAt && other.EndedAt > d.CreatedAt));
        Assert.InRange(most, 1, 2);
    }
}
