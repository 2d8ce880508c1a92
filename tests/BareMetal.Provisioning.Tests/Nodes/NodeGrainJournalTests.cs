using BareMetal.Contracts.Nodes;
using BareMetal.Provisioning.Nodes;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>The node's journal of steps that are not idempotent, read from the stored state as a new activation would.</summary>
public sealed class NodeGrainJournalTests(NodeRecoveryClusterFixture fixture) : IClassFixture<NodeRecoveryClusterFixture>
{
    private async Task<string> AvailableNodeAsync(string prefix)
    {
        var id = await fixture.EnrollAsync(prefix);
        await fixture.Node(id).Request(ProvisionEvent.Manage, null);
        await fixture.WaitForStableAsync(id, ProvisionState.Manageable);
        await fixture.Node(id).Request(ProvisionEvent.Provide, null);
        await fixture.WaitForStableAsync(id, ProvisionState.Available);
        return id;
    }

    private async Task<string> DeployAsync(string id)
    {
        var deploy = await fixture.Node(id).Request(ProvisionEvent.Deploy, null);
        await fixture.WaitForAsync(id, v => v.ProvisionState == ProvisionState.WaitCallBack, "wait call-back");
        await fixture.Node(id).DriverStepCompleted(new NodeStepReport(deploy.Id, 1, 1, NodeStepOutcome.Done));
        await fixture.WaitForStableAsync(id, ProvisionState.Active);
        return deploy.Id;
    }

    [Fact]
    public async Task ImageWrite_IsJournaledAsStartedBeforeTheDriverIsCalled_AndDoneAfterItsCallBack()
    {
        var id = await AvailableNodeAsync("journal-write");
        IReadOnlyList<NodeJournalEntry>? seenByDriver = null;
        fixture.Driver[id].BeforeWriteImage = async _ => seenByDriver = (await fixture.StoredStateAsync(id)).Journal;

        var deployId = await DeployAsync(id);

        var atCall = Assert.Single(seenByDriver!, e => e.OperationId == deployId);
        Assert.Equal((1, 1, NodeStepKind.WriteImage, NodeJournalEntryState.Started), (atCall.Step, atCall.Attempt, atCall.Kind, atCall.State));
        Assert.Null(atCall.EndedAt);

        var journal = (await fixture.StoredStateAsync(id)).Journal;
        var ofDeploy = journal.Where(e => e.OperationId == deployId).ToList();
        Assert.Equal([NodeStepKind.WriteImage, NodeStepKind.PowerOn], ofDeploy.Select(e => e.Kind));
        Assert.All(ofDeploy, e => Assert.Equal(NodeJournalEntryState.Done, e.State));
        Assert.All(ofDeploy, e => Assert.True(e.EndedAt >= e.StartedAt));

        // Provide cleaned (journaled); manage only validated (idempotent, not journaled).
        Assert.Equal([NodeStepKind.Clean, NodeStepKind.WriteImage, NodeStepKind.PowerOn], journal.Select(e => e.Kind));
    }

    [Fact]
    public async Task Journal_KeepsOnlyTheLastEntries()
    {
        var id = await AvailableNodeAsync("journal-bounded");
        string lastDeploy = string.Empty;

        // Each deploy + undeploy journals four steps: write image, power on, tear down, clean.
        for (var cycle = 0; cycle < 9; cycle++)
        {
            lastDeploy = await DeployAsync(id);
            await fixture.Node(id).Request(ProvisionEvent.Delete, null);
            await fixture.WaitForStableAsync(id, ProvisionState.Available);
        }

        var journal = (await fixture.StoredStateAsync(id)).Journal;
        Assert.Equal(NodeGrain.JournalCapacity, journal.Count);
        Assert.All(journal, e => Assert.Equal(NodeJournalEntryState.Done, e.State));
        Assert.Equal(NodeStepKind.Clean, journal[^1].Kind);
        Assert.Contains(journal, e => e.OperationId == lastDeploy && e.Kind == NodeStepKind.WriteImage);
    }
}
