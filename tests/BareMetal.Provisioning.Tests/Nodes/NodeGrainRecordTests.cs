using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Nodes;
using BareMetal.Drivers.Simulated;
using BareMetal.Provisioning.Nodes;

namespace BareMetal.Provisioning.Tests.Nodes;

public sealed class NodeGrainRecordTests(NodeClusterFixture fixture) : IClassFixture<NodeClusterFixture>
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(10);

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private INodeGrain Node(string id) => fixture.GrainFactory.GetGrain<INodeGrain>(id);

    private static NodeEnrollment Enrollment(string name) => new(
        name,
        SimulatedHardwareDriver.DriverName,
        new Dictionary<string, string> { ["ipmi_address"] = "10.0.0.7", ["ipmi_password"] = "s3cret" })
    {
        Properties = new Dictionary<string, string> { ["cpus"] = "4" },
        ResourceClass = "baremetal.small",
        Traits = ["CUSTOM_GPU", "CUSTOM_GPU", "CUSTOM_NVME"],
        Owner = "team-a",
        Description = "rack 4, slot 2",
        Extra = new Dictionary<string, string> { ["asset"] = "A-1002" },
    };

    private static NodeEdit EditOf(NodeView view) => new(
        view.Name, view.Driver, view.DriverInfo, view.Properties, view.ResourceClass, view.Traits, view.Owner, view.Description, view.Extra);

    [Fact]
    public async Task Enroll_StoresTheRecordAndMasksSecrets()
    {
        var id = NewId("record");

        var view = await Node(id).Enroll(Enrollment(id));

        Assert.Equal("10.0.0.7", view.DriverInfo["ipmi_address"]);
        Assert.Equal(NodeSecrets.Mask, view.DriverInfo["ipmi_password"]);
        Assert.Equal("4", view.Properties["cpus"]);
        Assert.Equal("baremetal.small", view.ResourceClass);
        Assert.Equal(["CUSTOM_GPU", "CUSTOM_NVME"], view.Traits);
        Assert.Equal("team-a", view.Owner);
        Assert.Equal("rack 4, slot 2", view.Description);
        Assert.Equal("A-1002", view.Extra["asset"]);
        Assert.Equal(view.CreatedAt, view.ProvisionUpdatedAt);
        Assert.Null(view.TargetPowerState);
    }

    [Fact]
    public async Task Enroll_NameUsedByAnotherNode_IsRefusedNamingIt()
    {
        var first = NewId("first");
        var second = NewId("second");
        var name = NewId("shared-name");
        await Node(first).Enroll(Enrollment(name));

        var refused = await Assert.ThrowsAsync<NodeRequestRefusedException>(() => Node(second).Enroll(Enrollment(name)));

        Assert.Contains($"name {name} is already used by node {first}", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NodeNotFoundException>(() => Node(second).Get());
        Assert.Equal(first, await fixture.GrainFactory.GetGrain<INodeNameGrain>(name).Resolve());
    }

    [Fact]
    public async Task Update_EchoedMask_KeepsTheStoredSecret()
    {
        var id = NewId("mask");
        var view = await Node(id).Enroll(Enrollment(id));
        var info = new Dictionary<string, string>(view.DriverInfo) { ["ipmi_address"] = "10.0.0.8" };

        var updated = await Node(id).Update(EditOf(view) with { DriverInfo = info, Owner = "team-b" });
        await Node(id).Request(ProvisionEvent.Manage, null);
        await fixture.WaitForStableAsync(Node(id), ProvisionState.Manageable);

        Assert.Equal("team-b", updated.Owner);
        Assert.Equal(NodeSecrets.Mask, updated.DriverInfo["ipmi_password"]);
        var presented = fixture.Fleet[id].LastValidatedDriverInfo;
        Assert.Equal("s3cret", presented["ipmi_password"]);
        Assert.Equal("10.0.0.8", presented["ipmi_address"]);
        var entry = (await Node(id).History()).Last(h => h.Event == "updated");
        Assert.Equal("updated driver_info, owner", entry.Message);
    }

    [Fact]
    public async Task Update_MaskForAKeyWithoutStoredValue_IsRefused()
    {
        var id = NewId("mask-new");
        var view = await Node(id).Enroll(Enrollment(id));
        var info = new Dictionary<string, string>(view.DriverInfo) { ["bmc_token"] = NodeSecrets.Mask };

        var refused = await Assert.ThrowsAsync<NodeRequestRefusedException>(() => Node(id).Update(EditOf(view) with { DriverInfo = info }));

        Assert.Contains("driver_info bmc_token is the mask", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_Rename_ClaimsTheNewNameAndFreesTheOld()
    {
        var id = NewId("rename");
        var oldName = NewId("old");
        var newName = NewId("new");
        var view = await Node(id).Enroll(Enrollment(oldName));

        var renamed = await Node(id).Update(EditOf(view) with { Name = newName });
        var other = NewId("other");
        await Node(other).Enroll(Enrollment(oldName));
        var refused = await Assert.ThrowsAsync<NodeRequestRefusedException>(() => Node(NewId("third")).Enroll(Enrollment(newName)));

        Assert.Equal(newName, renamed.Name);
        Assert.Equal(other, await fixture.GrainFactory.GetGrain<INodeNameGrain>(oldName).Resolve());
        Assert.Contains($"already used by node {id}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_RenameToATakenName_IsRefusedAndChangesNothing()
    {
        var taken = NewId("taken");
        await Node(NewId("holder")).Enroll(Enrollment(taken));
        var id = NewId("renamer");
        var view = await Node(id).Enroll(Enrollment(id));

        var refused = await Assert.ThrowsAsync<NodeRequestRefusedException>(() => Node(id).Update(EditOf(view) with { Name = taken, Owner = "x" }));

        Assert.Contains($"name {taken} is already used", refused.Message, StringComparison.Ordinal);
        var after = await Node(id).Get();
        Assert.Equal(id, after.Name);
        Assert.Equal("team-a", after.Owner);
    }

    [Fact]
    public async Task Update_UnknownDriver_IsRefused()
    {
        var id = NewId("driver");
        var view = await Node(id).Enroll(Enrollment(id));

        var refused = await Assert.ThrowsAsync<NodeRequestRefusedException>(() => Node(id).Update(EditOf(view) with { Driver = "ipmi-nonexistent" }));

        Assert.Contains("no driver named 'ipmi-nonexistent' is registered", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_DriverWhileIdle_ChangesItAndTheNewDriverRunsTheNextStep()
    {
        var id = NewId("driver-change");
        var view = await Node(id).Enroll(Enrollment(id));

        var updated = await Node(id).Update(EditOf(view) with { Driver = SecondHardwareDriver.DriverName });
        await Node(id).Request(ProvisionEvent.Manage, null);
        await fixture.WaitForStableAsync(Node(id), ProvisionState.Manageable);

        Assert.Equal(SecondHardwareDriver.DriverName, updated.Driver);
        Assert.Equal(1, fixture.Fleet[id].RunCount(SimulatedStepKind.Validate));
    }

    [Fact]
    public async Task Update_DriverWhileOperationsArePending_IsRefusedNamingTheOperation()
    {
        var id = NewId("driver-pending");
        var view = await Node(id).Enroll(Enrollment(id));
        fixture.Fleet[id].HangNextCalls(SimulatedStepKind.Validate);
        var manage = await Node(id).Request(ProvisionEvent.Manage, null);

        var refused = await Assert.ThrowsAsync<NodeRequestRefusedException>(() => Node(id).Update(EditOf(view) with { Driver = SecondHardwareDriver.DriverName }));

        Assert.Contains($"the driver cannot change while operations are pending (operation {manage.Id}, manage)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(SimulatedHardwareDriver.DriverName, (await Node(id).Get()).Driver);
        await Node(id).Cancel(manage.Id, "test over");
    }

    [Fact]
    public async Task Delete_Manageable_RemovesNodeNameAndRemindersAndTellsTheFleet()
    {
        var grain = await fixture.ManageableAsync("delete");
        var id = grain.GetPrimaryKeyString();
        Assert.NotEmpty(await fixture.RemindersAsync(grain));

        await grain.Delete("carol");

        await Assert.ThrowsAsync<NodeNotFoundException>(() => grain.Get());
        Assert.Empty(await fixture.RemindersAsync(grain));
        Assert.Null(await fixture.GrainFactory.GetGrain<INodeNameGrain>(id).Resolve());
        Assert.Equal(1, fixture.Observer.RemovedCount(id));
        var other = NewId("reuse");
        await Node(other).Enroll(Enrollment(id));
        var again = await grain.Enroll(Enrollment(NewId("fresh")));
        Assert.Equal(ProvisionState.Enroll, again.ProvisionState);
        Assert.Single(await grain.History());
        Assert.Empty(await grain.RecentOperations());
    }

    [Fact]
    public async Task Delete_Active_IsRefusedWithTheWayOut()
    {
        var grain = await fixture.ActiveAsync("delete-active");

        var refused = await Assert.ThrowsAsync<NodeRequestRefusedException>(() => grain.Delete(null));

        Assert.Contains("delete is not allowed in state active; undeploy first", refused.Message, StringComparison.Ordinal);
        Assert.Equal(ProvisionState.Active, (await grain.Get()).ProvisionState);
    }

    [Fact]
    public async Task Delete_WhileOperationsArePending_IsRefusedNamingThem()
    {
        var grain = await fixture.EnrollAsync("delete-pending");
        fixture.Fleet[grain.GetPrimaryKeyString()].HangNextCalls(SimulatedStepKind.Validate);
        var manage = await grain.Request(ProvisionEvent.Manage, null);

        var refused = await Assert.ThrowsAsync<NodeRequestRefusedException>(() => grain.Delete(null));

        Assert.Contains($"operations are pending (operation {manage.Id}, manage)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(manage.Id, refused.ConflictingOperationId);
        await grain.Cancel(manage.Id, "test over");
    }

    [Fact]
    public async Task Delete_DeployFailed_TearsDownTheDriverSide()
    {
        var grain = await fixture.AvailableAsync("delete-failed");
        var bmc = fixture.Fleet[grain.GetPrimaryKeyString()];
        bmc.FailNthCall(SimulatedStepKind.WriteImage, 1, "disk write error");
        await grain.Request(ProvisionEvent.Deploy, null);
        await fixture.WaitForStableAsync(grain, ProvisionState.DeployFailed);

        await grain.Delete(null);

        await Assert.ThrowsAsync<NodeNotFoundException>(() => grain.Get());
        // The tear-down runs after the record is gone and reports nowhere but the log: poll the simulated BMC.
        using var deadline = new CancellationTokenSource(s_deadline);
        while (bmc.RunCount(SimulatedStepKind.TearDown) == 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), deadline.Token);
        }

        Assert.Equal(1, bmc.RunCount(SimulatedStepKind.TearDown));
    }
}
