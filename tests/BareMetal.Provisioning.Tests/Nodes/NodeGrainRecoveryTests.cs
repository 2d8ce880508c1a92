using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Drivers;
using BareMetal.Provisioning.Nodes;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>
/// A node whose activation is lost (its silo restarted) while a step is in flight: the new activation, started
/// by the step-watch reminder and not by a client call, asks the driver what happened and acts on the answer.
/// </summary>
public sealed class NodeGrainRecoveryTests(NodeRecoveryClusterFixture fixture) : IClassFixture<NodeRecoveryClusterFixture>
{
    private const string UnknownError = "silo lost while write image was in flight; the driver cannot tell whether it completed";

    // Enroll, manage, provide, deploy: returns when the image write was handed to the (never calling back) agent.
    private async Task<(string Id, string DeployId)> DeployInFlightAsync(string prefix, string driver = RecoveryTestDriver.DriverName)
    {
        var id = await fixture.EnrollAsync(prefix, driver);
        var node = fixture.Node(id);
        await node.Request(ProvisionEvent.Manage, null);
        await fixture.WaitForStableAsync(id, ProvisionState.Manageable);
        await node.Request(ProvisionEvent.Provide, null);
        await fixture.WaitForStableAsync(id, ProvisionState.Available);
        var deploy = await node.Request(ProvisionEvent.Deploy, null);
        await fixture.WaitForAsync(id, v => v.ProvisionState == ProvisionState.WaitCallBack, "wait call-back");
        Assert.Equal(1, fixture.Driver[id].CallCount("write-image"));
        return (id, deploy.Id);
    }

    private async Task<OperationView> OperationAsync(string id) => await fixture.GrainFactory.GetGrain<IOperationGrain>(id).Get();

    private async Task<NodeHistoryEntry> RecoveredEntryAsync(string id) =>
        Assert.Single(await fixture.Node(id).History(), h => h.Event == "recovered");

    [Fact]
    public async Task DriverSaysDone_TheDeployContinuesWithoutWritingTheImageAgain()
    {
        var (id, deployId) = await DeployInFlightAsync("recover-done");
        fixture.Driver[id].Status = new DriverStepStatus(DriverStepState.Done);

        await fixture.RestartSiloAsync();
        var active = await fixture.WaitForStableAsync(id, ProvisionState.Active);

        Assert.Equal(PowerState.On, active.PowerState);
        Assert.Equal(OperationStatus.Succeeded, (await OperationAsync(deployId)).Status);
        var driver = fixture.Driver[id];
        Assert.Equal(1, driver.CallCount("write-image"));
        Assert.Equal(1, driver.CallCount("power-On"));
        Assert.Equal(new StepToken(id, deployId, 1, 1), Assert.Single(driver.StatusQueries.Distinct()));
        var recovered = await RecoveredEntryAsync(id);
        Assert.Equal("step 1: write image was in flight when the node's silo was lost; the driver reports it done; continuing", recovered.Message);
        Assert.Equal(deployId, recovered.OperationId);
    }

    [Fact]
    public async Task DriverSaysFailed_TheDeployFailsWithTheDriversError()
    {
        var (id, deployId) = await DeployInFlightAsync("recover-failed");
        fixture.Driver[id].Status = new DriverStepStatus(DriverStepState.Failed, "disk /dev/sda is read-only");

        await fixture.RestartSiloAsync();
        var failed = await fixture.WaitForStableAsync(id, ProvisionState.DeployFailed);

        Assert.Equal("disk /dev/sda is read-only", failed.LastError);
        var operation = await OperationAsync(deployId);
        Assert.Equal(OperationStatus.Failed, operation.Status);
        Assert.Equal("disk /dev/sda is read-only", operation.Error);
        Assert.Equal(1, fixture.Driver[id].CallCount("write-image"));
        Assert.Equal(0, fixture.Driver[id].CallCount("power-On"));
        Assert.EndsWith("the driver reports it failed (disk /dev/sda is read-only); failing the operation", (await RecoveredEntryAsync(id)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DriverSaysInProgress_TheNodeKeepsWaitingAndAsksAgainUntilItIsDone()
    {
        var (id, deployId) = await DeployInFlightAsync("recover-progress");
        var driver = fixture.Driver[id];
        driver.Status = new DriverStepStatus(DriverStepState.InProgress);

        await fixture.RestartSiloAsync();
        var waiting = await fixture.WaitForAsync(id, _ => true, "a write by the new activation");
        var recovered = Assert.Single(await fixture.Node(id).History(), h => h.Event == "recovered");
        Assert.EndsWith("the driver reports it in progress; waiting for it to finish", recovered.Message, StringComparison.Ordinal);
        Assert.Equal(ProvisionState.WaitCallBack, waiting.ProvisionState);
        Assert.Equal(OperationStatus.Running, (await OperationAsync(deployId)).Status);

        // Re-checked on the step-watch period: the second query proves the node asks again by itself.
        var queriesBefore = driver.StatusQueries.Count;
        driver.Status = new DriverStepStatus(DriverStepState.Done);
        await fixture.WaitForStableAsync(id, ProvisionState.Active);

        Assert.True(driver.StatusQueries.Count > queriesBefore);
        Assert.Equal(1, driver.CallCount("write-image"));
        Assert.Equal(OperationStatus.Succeeded, (await OperationAsync(deployId)).Status);
        var recoveries = (await fixture.Node(id).History()).Where(h => h.Event == "recovered").Select(h => h.Message).ToList();
        Assert.Equal(2, recoveries.Count);
        Assert.EndsWith("in progress; waiting for it to finish", recoveries[0], StringComparison.Ordinal);
        Assert.EndsWith("the driver reports it done; continuing", recoveries[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DriverSaysNotStarted_TheStepRunsNowWithTheSameToken()
    {
        var (id, deployId) = await DeployInFlightAsync("recover-not-started");
        var driver = fixture.Driver[id];
        driver.Status = new DriverStepStatus(DriverStepState.NotStarted);

        await fixture.RestartSiloAsync();
        await driver.WhenCalled("write-image", 2).WaitAsync(TimeSpan.FromSeconds(10));

        var tokens = driver.Calls.Where(c => c.Kind == "write-image").Select(c => c.Token).ToList();
        Assert.All(tokens, t => Assert.Equal(new StepToken(id, deployId, 1, 1), t));
        Assert.EndsWith("the driver reports it not started; it never ran, starting it now", (await RecoveredEntryAsync(id)).Message, StringComparison.Ordinal);

        // The relaunched write is this activation's own: its agent's call-back completes the deploy.
        await fixture.Node(id).DriverStepCompleted(new NodeStepReport(deployId, 1, 1, NodeStepOutcome.Done));
        await fixture.WaitForStableAsync(id, ProvisionState.Active);
        Assert.Equal(2, driver.CallCount("write-image"));
        Assert.Equal(OperationStatus.Succeeded, (await OperationAsync(deployId)).Status);
    }

    [Fact]
    public async Task DriverCannotTell_TheDeployFailsWithAClearErrorAndNothingRunsAgain()
    {
        var (id, deployId) = await DeployInFlightAsync("recover-unknown");
        fixture.Driver[id].Status = DriverStepStatus.Unknown;

        await fixture.RestartSiloAsync();
        var failed = await fixture.WaitForStableAsync(id, ProvisionState.DeployFailed);

        Assert.Equal(UnknownError, failed.LastError);
        var operation = await OperationAsync(deployId);
        Assert.Equal(OperationStatus.Failed, operation.Status);
        Assert.Equal(UnknownError, operation.Error);
        Assert.Equal(1, fixture.Driver[id].CallCount("write-image"));
        var history = await fixture.Node(id).History();
        Assert.Contains(history, h => h.Event == "transition" && h.From == ProvisionState.WaitCallBack && h.To == ProvisionState.DeployFailed);
        var journal = (await fixture.StoredStateAsync(id)).Journal;
        var entry = Assert.Single(journal, e => e.OperationId == deployId && e.Kind == NodeStepKind.WriteImage);
        Assert.Equal(NodeJournalEntryState.Failed, entry.State);
        Assert.Equal(UnknownError, entry.Message);
    }

    [Fact]
    public async Task DriverWithoutStepStatus_TheDeployFailsAsUnknowable()
    {
        var (id, deployId) = await DeployInFlightAsync("recover-blind", BlindRecoveryTestDriver.DriverName);

        await fixture.RestartSiloAsync();
        var failed = await fixture.WaitForStableAsync(id, ProvisionState.DeployFailed);

        Assert.Equal(UnknownError, failed.LastError);
        Assert.Equal(OperationStatus.Failed, (await OperationAsync(deployId)).Status);
        Assert.Equal(1, fixture.Driver[id].CallCount("write-image"));
        Assert.Empty(fixture.Driver[id].StatusQueries);
    }

    [Fact]
    public async Task PowerOnInFlight_HardwareAlreadyOn_TheDeployFinishesWithoutAnotherPowerOn()
    {
        var (id, deployId) = await PowerOnInFlightAsync("recover-power-on");
        fixture.Driver[id].Power = PowerState.On;

        await fixture.RestartSiloAsync();
        await fixture.WaitForStableAsync(id, ProvisionState.Active);

        Assert.Equal(1, fixture.Driver[id].CallCount("power-On"));
        Assert.Equal(OperationStatus.Succeeded, (await OperationAsync(deployId)).Status);
        Assert.Equal("step 2: power on was in flight when the node's silo was lost; the driver reports it done (the hardware reports power on); continuing", (await RecoveredEntryAsync(id)).Message);
    }

    [Fact]
    public async Task PowerOnInFlight_HardwareStillOff_PowersOnNow()
    {
        var (id, deployId) = await PowerOnInFlightAsync("recover-power-off");

        await fixture.RestartSiloAsync();
        await fixture.WaitForStableAsync(id, ProvisionState.Active);

        Assert.Equal(2, fixture.Driver[id].CallCount("power-On"));
        Assert.Equal(PowerState.On, fixture.Driver[id].Power);
        Assert.Equal(OperationStatus.Succeeded, (await OperationAsync(deployId)).Status);
        Assert.EndsWith("the driver reports it not started (the hardware reports power off); it never ran, starting it now", (await RecoveredEntryAsync(id)).Message, StringComparison.Ordinal);
    }

    // A deploy whose image write is done and whose power on hangs (the BMC took the command, nothing happened yet).
    private async Task<(string Id, string DeployId)> PowerOnInFlightAsync(string prefix)
    {
        var (id, deployId) = await DeployInFlightAsync(prefix);
        var driver = fixture.Driver[id];
        driver.HangPowerOnOnce = 1;
        await fixture.Node(id).DriverStepCompleted(new NodeStepReport(deployId, 1, 1, NodeStepOutcome.Done));
        await driver.WhenCalled("power-On", 1).WaitAsync(TimeSpan.FromSeconds(10));
        return (id, deployId);
    }

    [Fact]
    public async Task IdempotentStepInFlight_RunsAgainUnderANewAttemptWithoutAskingTheDriver()
    {
        var id = await fixture.EnrollAsync("recover-validate");
        var driver = fixture.Driver[id];
        driver.HangValidateOnce = 1;
        var manage = await fixture.Node(id).Request(ProvisionEvent.Manage, null);
        await driver.WhenCalled("validate", 1).WaitAsync(TimeSpan.FromSeconds(10));

        await fixture.RestartSiloAsync();
        await fixture.WaitForStableAsync(id, ProvisionState.Manageable);

        Assert.Equal(2, driver.CallCount("validate"));
        Assert.Empty(driver.StatusQueries);
        Assert.Equal(OperationStatus.Succeeded, (await OperationAsync(manage.Id)).Status);
        Assert.Equal("step 1: validate management was in flight when the node's silo was lost; it is idempotent, running it again (attempt 2)", (await RecoveredEntryAsync(id)).Message);
        Assert.DoesNotContain((await fixture.StoredStateAsync(id)).Journal, e => e.Kind == NodeStepKind.Validate);
    }

    [Fact]
    public async Task StepInFlightOnTheLiveActivation_IsNotRecovered()
    {
        var (id, deployId) = await DeployInFlightAsync("no-recovery");
        var driver = fixture.Driver[id];
        driver.Status = DriverStepStatus.Unknown;

        // A bounded negative check over five step-watch periods: the activation that launched the write waits for its agent.
        Assert.False(await fixture.HappensWithinAsync(id, v => v.LastError is not null || v.ProvisionState != ProvisionState.WaitCallBack, TimeSpan.FromSeconds(1)));
        await fixture.Node(id).DriverStepCompleted(new NodeStepReport(deployId, 1, 1, NodeStepOutcome.Done));
        await fixture.WaitForStableAsync(id, ProvisionState.Active);

        Assert.Empty(driver.StatusQueries);
        Assert.DoesNotContain(await fixture.Node(id).History(), h => h.Event == "recovered");
    }
}
