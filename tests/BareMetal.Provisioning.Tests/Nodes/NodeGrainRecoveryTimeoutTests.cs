using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Drivers;
using BareMetal.Provisioning.Nodes;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>A recovered step the driver keeps reporting in progress is not waited for forever.</summary>
public sealed class NodeGrainRecoveryTimeoutTests(NodeRecoveryTimeoutClusterFixture fixture) : IClassFixture<NodeRecoveryTimeoutClusterFixture>
{
    private const string DeployTimedOut = "deploy timed out after 5 s waiting for the agent call-back";

    [Fact]
    public async Task RecoveredWriteStaysInProgress_TheStepTimeoutEndsTheDeployAndTheJournalEntryIsAbandoned()
    {
        var id = await fixture.EnrollAsync("recover-forever");
        var node = fixture.Node(id);
        await node.Request(ProvisionEvent.Manage, null);
        await fixture.WaitForStableAsync(id, ProvisionState.Manageable);
        await node.Request(ProvisionEvent.Provide, null);
        await fixture.WaitForStableAsync(id, ProvisionState.Available);
        var deploy = await node.Request(ProvisionEvent.Deploy, null);
        await fixture.WaitForAsync(id, v => v.ProvisionState == ProvisionState.WaitCallBack, "wait call-back");
        fixture.Driver[id].Status = new DriverStepStatus(DriverStepState.InProgress);

        await fixture.RestartSiloAsync();
        var failed = await fixture.WaitForStableAsync(id, ProvisionState.DeployFailed);

        Assert.Equal(DeployTimedOut, failed.LastError);
        Assert.Equal(OperationStatus.TimedOut, (await fixture.GrainFactory.GetGrain<IOperationGrain>(deploy.Id).Get()).Status);
        var history = (await fixture.Node(id).History()).Where(h => h.OperationId == deploy.Id).ToList();
        var recovered = history.FindIndex(h => h.Event == "recovered" && h.Message.EndsWith("in progress; waiting for it to finish", StringComparison.Ordinal));
        Assert.True(recovered >= 0, "no recovery entry");
        Assert.True(history.FindIndex(h => h.Event == "timeout") > recovered);
        Assert.Equal(1, fixture.Driver[id].CallCount("write-image"));
        var entry = Assert.Single((await fixture.StoredStateAsync(id)).Journal, e => e.OperationId == deploy.Id);
        Assert.Equal((NodeStepKind.WriteImage, NodeJournalEntryState.Abandoned), (entry.Kind, entry.State));
        Assert.NotNull(entry.EndedAt);
    }
}
