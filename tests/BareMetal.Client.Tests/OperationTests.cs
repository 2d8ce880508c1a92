using BareMetal.Client.Models;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;

namespace BareMetal.Client.Tests;

public sealed class OperationTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Deploy_wait_reports_progress_steps_and_leaves_the_node_active()
    {
        var client = fixture.CreateClient();
        var node = await TestNodes.AvailableAsync(client);
        var progress = new RecordingProgress<OperationProgress>();

        var handle = await client.Nodes.DeployAsync(node.Name, "http://images.example/ubuntu.qcow2");
        var done = await handle.WaitAsync(progress);

        Assert.Equal(OperationStatus.Succeeded, done.Status);
        Assert.Equal(OperationAction.Deploy, handle.Action);
        Assert.Equal(ProvisionState.Active, (await client.Nodes.GetAsync(node.Id)).ProvisionState);
        var reports = progress.Reports;
        Assert.True(reports.Count >= 2, $"expected several progress reports, got {reports.Count}");
        Assert.Contains(reports, p => p.StepCount > 0 && p.Message is not null);
        Assert.Equal(reports.Distinct().Count(), reports.Count);
    }

    [Fact]
    public async Task Power_and_maintenance_actions_complete_and_change_the_node()
    {
        var client = fixture.CreateClient();
        var node = await TestNodes.AvailableAsync(client);

        await (await client.Nodes.PowerOnAsync(node.Id)).WaitAsync();
        var on = await client.Nodes.GetAsync(node.Id);
        await (await client.Nodes.MaintenanceOnAsync(node.Id, "disk swap")).WaitAsync();
        var maintained = await client.Nodes.GetAsync(node.Id);
        await (await client.Nodes.MaintenanceOffAsync(node.Id)).WaitAsync();
        await (await client.Nodes.PowerOffAsync(node.Id)).WaitAsync();
        var off = await client.Nodes.GetAsync(node.Id);

        Assert.Equal(PowerState.On, on.PowerState);
        Assert.True(maintained.Maintenance);
        Assert.Equal("disk swap", maintained.MaintenanceReason);
        Assert.False(off.Maintenance);
        Assert.Equal(PowerState.Off, off.PowerState);
    }

    [Fact]
    public async Task Get_list_and_watch_show_the_same_operation_to_its_end()
    {
        var client = fixture.CreateClient();
        var node = await TestNodes.AvailableAsync(client);
        var handle = await client.Nodes.DeployAsync(node.Id);

        var versions = await client.Operations.WatchAsync(handle.Id).ToListAsync();
        var shown = await client.Operations.GetAsync(handle.Id);
        var listed = await client.Operations.ListAsync(new OperationListQuery { Node = node.Name, Status = OperationStatus.Succeeded });

        Assert.Equal(OperationStatus.Succeeded, versions[^1].Status);
        Assert.True(versions.Count >= 2, "the stream sends the operation as it changes");
        Assert.Equal(versions.Select(v => v.Version).Order(), versions.Select(v => v.Version));
        Assert.Equal(versions[^1].Version, shown.Version);
        Assert.Contains(listed.Items, o => o.Id == handle.Id);
        Assert.All(listed.Items, o => Assert.Equal(node.Id, o.NodeId));
    }

    [Fact]
    public async Task Cancelling_a_queued_operation_makes_its_wait_throw_operation_failed()
    {
        var client = fixture.CreateClient();
        var node = await TestNodes.AvailableAsync(client);
        var deploy = await client.Nodes.DeployAsync(node.Id);
        var powerOff = await client.Nodes.PowerOffAsync(node.Id);

        var accepted = await powerOff.CancelAsync("changed my mind");
        var failure = await Assert.ThrowsAsync<BareMetalOperationFailedException>(() => powerOff.WaitAsync());
        await deploy.WaitAsync();

        Assert.Equal(OperationStatus.Cancelled, failure.Status);
        Assert.Equal(powerOff.Id, failure.Operation!.Id);
        Assert.Contains("changed my mind", failure.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(accepted.Reason));
    }

    [Fact]
    public async Task A_handle_from_an_id_waits_like_the_original()
    {
        var client = fixture.CreateClient();
        var node = await TestNodes.EnrollAsync(client);
        var manage = await client.Nodes.ManageAsync(node.Id);

        var again = await client.Operations.GetHandleAsync(manage.Id);
        var done = await again.WaitAsync();

        Assert.Null(again.Accepted);
        Assert.Equal(OperationStatus.Succeeded, done.Status);
        Assert.Equal(ProvisionState.Manageable, (await client.Nodes.GetAsync(node.Id)).ProvisionState);
    }
}
