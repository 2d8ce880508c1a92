using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Drivers.Simulated;
using BareMetal.Provisioning.Drivers;
using BareMetal.Provisioning.Nodes;

namespace BareMetal.Provisioning.Tests.Nodes;

public sealed class NodeGrainActionTests(NodeClusterFixture fixture) : IClassFixture<NodeClusterFixture>
{
    private const string CleanSteps = """[{"interface": "deploy", "step": "erase_devices"}]""";

    private static NodeActionRequest Action(OperationAction action, params (string Key, string Value)[] parameters) =>
        new(action, parameters.Length == 0 ? null : parameters.ToDictionary(p => p.Key, p => p.Value));

    private async Task<IReadOnlyList<ProvisionState>> TransitionsAsync(INodeGrain grain, string operationId) =>
        [.. (await grain.History()).Where(h => h.Event == "transition" && h.OperationId == operationId).Select(h => h.To!.Value)];

    [Fact]
    public async Task Submit_Inspect_FillsPropertiesAndReturnsToManageable()
    {
        var grain = await fixture.ManageableAsync("inspect");
        var before = await grain.Get();

        var inspect = await grain.Submit(Action(OperationAction.Inspect));
        var view = await fixture.WaitForStableAsync(grain, ProvisionState.Manageable);

        Assert.True(view.ProvisionUpdatedAt > before.ProvisionUpdatedAt, "the provision state changed, so its timestamp moved");

        Assert.Equal("8", view.Properties["cpus"]);
        Assert.Equal("32768", view.Properties["memory_mb"]);
        Assert.Equal("480", view.Properties["local_gb"]);
        Assert.Equal("x86_64", view.Properties["cpu_arch"]);
        Assert.Equal(OperationStatus.Succeeded, (await fixture.OperationAsync(inspect.Id)).Status);
        Assert.Equal([ProvisionState.Inspecting, ProvisionState.Manageable], await TransitionsAsync(grain, inspect.Id));
    }

    [Fact]
    public async Task Submit_InspectInAvailable_IsRefusedWithReason()
    {
        var grain = await fixture.AvailableAsync("inspect-refused");

        var refused = await Assert.ThrowsAsync<NodeRequestRefusedException>(() => grain.Submit(Action(OperationAction.Inspect)));

        Assert.Contains("inspect is not allowed in state available", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ManualClean_CleansAndReturnsToManageable()
    {
        var grain = await fixture.ManageableAsync("clean");
        var bmc = fixture.Fleet[grain.GetPrimaryKeyString()];

        var clean = await grain.Submit(Action(OperationAction.Clean, ("clean_steps", CleanSteps)));
        await fixture.WaitForStableAsync(grain, ProvisionState.Manageable);

        Assert.Equal(1, bmc.RunCount(SimulatedStepKind.Clean));
        Assert.Equal([new CleanStep("deploy", "erase_devices")], bmc.LastCleanSteps);
        Assert.Equal([ProvisionState.Cleaning, ProvisionState.Manageable], await TransitionsAsync(grain, clean.Id));
        Assert.Equal(CleanSteps, (await fixture.OperationAsync(clean.Id)).Parameters["clean_steps"]);
    }

    [Theory]
    [InlineData(null, "clean needs clean_steps")]
    [InlineData("{\"step\": 1}", "clean_steps must be a non-empty JSON list")]
    [InlineData("[{\"interface\": \"deploy\"}]", "clean_steps[0] must be an object")]
    [InlineData("[not json", "clean_steps is not valid JSON")]
    public async Task Submit_CleanWithBadSteps_IsRefusedNamingTheProblem(string? steps, string expected)
    {
        var grain = await fixture.ManageableAsync("clean-bad");
        var request = steps is null ? Action(OperationAction.Clean) : Action(OperationAction.Clean, ("clean_steps", steps));

        var refused = await Assert.ThrowsAsync<NodeRequestRefusedException>(() => grain.Submit(request));

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        Assert.Empty((await grain.Get()).PendingOperationIds);
    }

    [Fact]
    public async Task Submit_DeployWithImageSource_WritesThatImageAndRecordsTheRequest()
    {
        var grain = await fixture.AvailableAsync("image");
        var request = new NodeActionRequest(
            OperationAction.Deploy,
            new Dictionary<string, string> { ["image_source"] = "http://images.example/ubuntu.qcow2" },
            RequestedBy: "alice",
            TraceId: "0af7651916cd43dd8448eb211c80319c");

        var deploy = await grain.Submit(request);
        await fixture.WaitForStableAsync(grain, ProvisionState.Active);

        Assert.Equal("http://images.example/ubuntu.qcow2", fixture.Fleet[grain.GetPrimaryKeyString()].Image?.Source);
        var operation = await fixture.OperationAsync(deploy.Id);
        Assert.Equal("alice", operation.RequestedBy);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", operation.TraceId);
        Assert.Equal("http://images.example/ubuntu.qcow2", operation.Parameters["image_source"]);
        var entries = (await grain.History()).Where(h => h.OperationId == deploy.Id).ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, h => Assert.Equal("0af7651916cd43dd8448eb211c80319c", h.TraceId));
        Assert.Contains(entries, h => h.Message == "deploy requested by alice");
    }

    [Fact]
    public async Task Deploy_WithoutImageParameter_WritesTheInstanceInfoImage_AndUndeployClearsInstanceInfo()
    {
        var grain = await fixture.AvailableAsync("instance-info");
        var view = await grain.Get();
        var edit = new NodeEdit(view.Name, view.Driver, view.DriverInfo, view.Properties, view.ResourceClass, view.Traits, view.Owner, view.Description, view.Extra)
        {
            InstanceInfo = new Dictionary<string, string> { ["image_source"] = "http://images.example/debian.qcow2", ["root_gb"] = "10" },
        };
        var updated = await grain.Update(edit);
        Assert.Equal("http://images.example/debian.qcow2", updated.InstanceInfo["image_source"]);
        Assert.Contains(await grain.History(), h => h.Event == "updated" && h.Message == "updated instance_info");

        // An edit that does not carry instance_info leaves it as it is.
        await grain.Update(edit with { InstanceInfo = null, Description = "rack 4" });
        Assert.Equal("10", (await grain.Get()).InstanceInfo["root_gb"]);

        await grain.Submit(Action(OperationAction.Deploy));
        var active = await fixture.WaitForStableAsync(grain, ProvisionState.Active);
        Assert.Equal("http://images.example/debian.qcow2", fixture.Fleet[grain.GetPrimaryKeyString()].Image?.Source);
        Assert.Equal("http://images.example/debian.qcow2", active.InstanceInfo["image_source"]);

        await grain.Submit(Action(OperationAction.Undeploy));
        var available = await fixture.WaitForStableAsync(grain, ProvisionState.Available);
        Assert.Empty(available.InstanceInfo);
    }

    [Fact]
    public async Task Manage_FromEnroll_ReadsThePowerStateAsItVerifies()
    {
        var grain = await fixture.EnrollAsync("verify-power");
        Assert.Equal(PowerState.Unknown, (await grain.Get()).PowerState);

        var manage = await grain.Request(ProvisionEvent.Manage, null);
        var manageable = await fixture.WaitForStableAsync(grain, ProvisionState.Manageable);

        // Known at once (the simulated BMC starts powered off), not after the first power sync a minute later.
        Assert.Equal(PowerState.Off, manageable.PowerState);
        Assert.Contains(await grain.History(), h => h.Event == "power-read" && h.OperationId == manage.Id && h.Message == "power state read: power off");
    }

    [Fact]
    public async Task Adopt_Manageable_BecomesActiveWithoutWritingAnImage_AndAvailableRefusesIt()
    {
        var grain = await fixture.ManageableAsync("adopt");
        var bmc = fixture.Fleet[grain.GetPrimaryKeyString()];

        var adopt = await grain.Submit(Action(OperationAction.Adopt));
        var active = await fixture.WaitForStableAsync(grain, ProvisionState.Active);

        Assert.Equal(OperationStatus.Succeeded, (await fixture.OperationAsync(adopt.Id)).Status);
        Assert.Equal(0, bmc.RunCount(SimulatedStepKind.WriteImage));
        Assert.Equal(PowerState.Off, active.PowerState);
        Assert.Equal([ProvisionState.Adopting, ProvisionState.Active], await TransitionsAsync(grain, adopt.Id));

        var available = await fixture.AvailableAsync("adopt-available");
        var refused = await Assert.ThrowsAsync<NodeRequestRefusedException>(() => available.Submit(Action(OperationAction.Adopt)));
        Assert.Contains("adopt", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accept_AnswersTheOperationAndTheNodeAsItStandsAfterAccepting()
    {
        var grain = await fixture.AvailableAsync("accept");

        var (operation, node) = await grain.Accept(Action(OperationAction.Deploy));

        // Read in the accepting turn: the deploy has started and nothing has finished yet.
        Assert.Equal(OperationStatus.Running, operation.Status);
        Assert.Equal(ProvisionState.Deploying, node.ProvisionState);
        Assert.Equal(ProvisionState.Active, node.TargetProvisionState);
        Assert.Equal([operation.Id], node.PendingOperationIds);
        await fixture.WaitForStableAsync(grain, ProvisionState.Active);
    }

    [Fact]
    public async Task Submit_UnknownParameter_IsRefused()
    {
        var grain = await fixture.AvailableAsync("param");

        var refused = await Assert.ThrowsAsync<NodeRequestRefusedException>(() => grain.Submit(Action(OperationAction.Deploy, ("clean_steps", CleanSteps))));

        Assert.Contains("deploy does not accept parameter 'clean_steps'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_RebuildActive_WritesTheNewImageAndStaysActive()
    {
        var grain = await fixture.ActiveAsync("rebuild");
        var bmc = fixture.Fleet[grain.GetPrimaryKeyString()];

        var rebuild = await grain.Submit(Action(OperationAction.Rebuild, ("image_source", "image-b")));
        await fixture.WaitForStableAsync(grain, ProvisionState.Active);

        Assert.Equal(2, bmc.RunCount(SimulatedStepKind.WriteImage));
        Assert.Equal("image-b", bmc.Image?.Source);
        Assert.Equal(OperationStatus.Succeeded, (await fixture.OperationAsync(rebuild.Id)).Status);
        Assert.Contains(ProvisionState.Deploying, await TransitionsAsync(grain, rebuild.Id));
    }

    [Fact]
    public async Task Submit_RescueThenUnrescue_GoesThroughRescueWaitAndBackToActive()
    {
        var grain = await fixture.ActiveAsync("rescue");

        var rescue = await grain.Submit(Action(OperationAction.Rescue, ("rescue_password", "hunter2")));
        await fixture.WaitForStableAsync(grain, ProvisionState.Rescue);
        var unrescue = await grain.Submit(Action(OperationAction.Unrescue));
        await fixture.WaitForStableAsync(grain, ProvisionState.Active);

        Assert.Equal([ProvisionState.Rescuing, ProvisionState.RescueWait, ProvisionState.Rescuing, ProvisionState.Rescue], await TransitionsAsync(grain, rescue.Id));
        Assert.Equal([ProvisionState.Unrescuing, ProvisionState.Active], await TransitionsAsync(grain, unrescue.Id));
        // The password reached the driver but is never shown back.
        Assert.Equal(NodeSecrets.Mask, (await fixture.OperationAsync(rescue.Id)).Parameters["rescue_password"]);
        Assert.DoesNotContain(await grain.History(), h => h.Message.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_RescueWithoutPassword_IsRefused()
    {
        var grain = await fixture.ActiveAsync("rescue-refused");

        var refused = await Assert.ThrowsAsync<NodeRequestRefusedException>(() => grain.Submit(Action(OperationAction.Rescue)));

        Assert.Contains("rescue needs a non-empty rescue_password", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_AbortInRescueWait_FailsTheRescueAndCancelsItsOperation()
    {
        var grain = await fixture.ActiveAsync("abort");
        var bmc = fixture.Fleet[grain.GetPrimaryKeyString()];
        bmc.HangNextCalls(SimulatedStepKind.Rescue);
        var rescue = await grain.Submit(Action(OperationAction.Rescue, ("rescue_password", "pw")));
        await fixture.WaitForAsync(grain, v => v.ProvisionState == ProvisionState.RescueWait, "rescue wait");

        var abort = await grain.Submit(new NodeActionRequest(OperationAction.Abort, RequestedBy: "bob"));
        var view = await fixture.WaitForStableAsync(grain, ProvisionState.RescueFailed);

        Assert.Equal(OperationStatus.Succeeded, abort.Status);
        Assert.Equal(OperationStatus.Cancelled, (await fixture.OperationAsync(rescue.Id)).Status);
        Assert.Equal("aborted by bob", view.LastError);
        Assert.Equal(ProvisionState.Rescue, view.TargetProvisionState);
    }

    [Fact]
    public async Task Submit_AbortWithNothingWaiting_IsRefused()
    {
        var grain = await fixture.AvailableAsync("abort-refused");

        var refused = await Assert.ThrowsAsync<NodeRequestRefusedException>(() => grain.Submit(Action(OperationAction.Abort)));

        Assert.Contains("abort is not allowed in state available", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_MaintenanceOn_AppliesAtOnceAndBlocksDeployUntilOff()
    {
        var grain = await fixture.AvailableAsync("maintenance");

        var on = await grain.Submit(Action(OperationAction.MaintenanceOn, ("reason", "replacing a DIMM")));
        var inMaintenance = await grain.Get();
        var deploy = await Assert.ThrowsAsync<NodeRequestRefusedException>(() => grain.Submit(Action(OperationAction.Deploy)));
        var manage = await grain.Submit(Action(OperationAction.Manage));
        await fixture.WaitForStableAsync(grain, ProvisionState.Manageable);
        var provide = await Assert.ThrowsAsync<NodeRequestRefusedException>(() => grain.Submit(Action(OperationAction.Provide)));
        var off = await grain.Submit(Action(OperationAction.MaintenanceOff));
        await grain.Submit(Action(OperationAction.Provide));
        var available = await fixture.WaitForStableAsync(grain, ProvisionState.Available);

        Assert.Equal(OperationStatus.Succeeded, on.Status);
        Assert.Equal(OperationAction.MaintenanceOn, on.Action);
        Assert.True(inMaintenance.Maintenance);
        Assert.Equal("replacing a DIMM", inMaintenance.MaintenanceReason);
        Assert.Contains($"node {grain.GetPrimaryKeyString()} is in maintenance (replacing a DIMM)", deploy.Message, StringComparison.Ordinal);
        Assert.Contains("is in maintenance", provide.Message, StringComparison.Ordinal);
        Assert.Equal(OperationStatus.Succeeded, manage.Status);
        Assert.Equal(OperationStatus.Succeeded, off.Status);
        Assert.False(available.Maintenance);
        Assert.Null(available.MaintenanceReason);
    }

    [Fact]
    public async Task Submit_PowerOff_ChangesPowerAndRecordsHistory()
    {
        var grain = await fixture.ActiveAsync("power-off");
        var bmc = fixture.Fleet[grain.GetPrimaryKeyString()];

        var off = await grain.Submit(Action(OperationAction.PowerOff));
        var view = await fixture.WaitForAsync(grain, v => v.PowerState == PowerState.Off && v.PendingOperationIds.Count == 0, "power off");

        Assert.Equal(PowerState.Off, bmc.PowerState);
        Assert.Null(view.TargetPowerState);
        Assert.Equal(ProvisionState.Active, view.ProvisionState);
        var operation = await fixture.OperationAsync(off.Id);
        Assert.Equal(OperationStatus.Succeeded, operation.Status);
        Assert.Equal("power off", operation.Result);
        Assert.Contains(await grain.History(), h => h.OperationId == off.Id && h.Event == "power");
    }

    [Fact]
    public async Task History_LongerThanTheStateCarries_IsWholeInOrder_WhileTheWrittenStateStaysSmall()
    {
        var grain = await fixture.ActiveAsync("long-history");
        var powerOperations = new List<string>();
        for (var cycle = 0; cycle < 12; cycle++)
        {
            foreach (var (action, reached) in new[] { (OperationAction.PowerOff, PowerState.Off), (OperationAction.PowerOn, PowerState.On) })
            {
                powerOperations.Add((await grain.Submit(Action(action))).Id);
                await fixture.WaitForAsync(grain, v => v.PowerState == reached && v.PendingOperationIds.Count == 0, $"cycle {cycle}: {action}");
            }
        }

        var history = await grain.History();

        // Every power change is there once, in the order the actions ran, and the capacity (100) is used.
        Assert.Equal(powerOperations, history.Where(h => h.Event == "power").Select(h => h.OperationId!));
        Assert.Equal(history.Count, history.Distinct().Count());
        Assert.True(history.Zip(history.Skip(1)).All(p => p.First.At <= p.Second.At), "history is in time order");
        Assert.Equal(100, history.Count);
        // The state written on every change carries only the newest entries; the rest sit in pages written once each.
        Assert.InRange(await fixture.StoredStateBytesAsync(grain, "node"), 1, 6_000);
        Assert.InRange(await fixture.StoredStateBytesAsync(grain, "history-page-0"), 1, 4_000);
    }

    [Fact]
    public async Task Submit_PowerActionInEnroll_IsRefused()
    {
        var grain = await fixture.EnrollAsync("power-enroll");

        var refused = await Assert.ThrowsAsync<NodeRequestRefusedException>(() => grain.Submit(Action(OperationAction.PowerOn)));

        Assert.Contains("power-on is not allowed in state enroll", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ThreeImpatientReboots_AreOneOperationWithTargetPowerShown()
    {
        var grain = await fixture.ManageableAsync("reboot");
        var bmc = fixture.Fleet[grain.GetPrimaryKeyString()];
        bmc.HangNextCalls(SimulatedStepKind.Reboot);
        var hanging = bmc.WhenHanging(SimulatedStepKind.Reboot);

        var first = await grain.Submit(Action(OperationAction.Reboot));
        var second = await grain.Submit(Action(OperationAction.Reboot));
        var third = await grain.Submit(Action(OperationAction.Reboot));
        await hanging.WaitAsync(TimeSpan.FromSeconds(10));
        var view = await grain.Get();

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Id, third.Id);
        Assert.Equal([first.Id], view.PendingOperationIds);
        Assert.Equal(PowerState.On, view.TargetPowerState);
        Assert.Equal(1, bmc.CallCount(SimulatedStepKind.Reboot));
        await grain.Cancel(first.Id, "test over");
    }

    [Fact]
    public async Task Submit_ReusedKeyWithAnotherAction_IsRefused()
    {
        var grain = await fixture.ManageableAsync("key-reuse");
        fixture.Fleet[grain.GetPrimaryKeyString()].HangNextCalls(SimulatedStepKind.PowerOn);
        var on = await grain.Submit(new NodeActionRequest(OperationAction.PowerOn, IdempotencyKey: "k-1"));

        var conflict = await Assert.ThrowsAsync<OperationConflictException>(() => grain.Submit(new NodeActionRequest(OperationAction.PowerOff, IdempotencyKey: "k-1")));

        Assert.Equal(on.Id, conflict.ExistingOperationId);
        Assert.Equal([on.Id], (await grain.Get()).PendingOperationIds);
        await grain.Cancel(on.Id, "test over");
    }

    [Fact]
    public async Task Submit_PowerActionBehindDeploy_QueuesAndRunsAfterIt()
    {
        var grain = await fixture.AvailableAsync("power-queued");

        var deploy = await grain.Submit(Action(OperationAction.Deploy));
        var off = await grain.Submit(Action(OperationAction.PowerOff));
        var view = await fixture.WaitForAsync(grain, v => v.PendingOperationIds.Count == 0, "both operations done");

        Assert.Equal(ProvisionState.Active, view.ProvisionState);
        Assert.Equal(PowerState.Off, view.PowerState);
        Assert.Equal(OperationStatus.Succeeded, (await fixture.OperationAsync(deploy.Id)).Status);
        Assert.Equal(OperationStatus.Succeeded, (await fixture.OperationAsync(off.Id)).Status);
    }

    [Fact]
    public async Task Submit_PowerActionBehindManageFromEnroll_IsValidatedAgainstTheStateToCome()
    {
        var grain = await fixture.EnrollAsync("power-after-manage");

        var manage = await grain.Submit(Action(OperationAction.Manage));
        var on = await grain.Submit(Action(OperationAction.PowerOn));
        var view = await fixture.WaitForAsync(grain, v => v.PendingOperationIds.Count == 0, "both operations done");

        Assert.Equal(ProvisionState.Manageable, view.ProvisionState);
        Assert.Equal(PowerState.On, view.PowerState);
        Assert.Equal(OperationStatus.Succeeded, (await fixture.OperationAsync(manage.Id)).Status);
        Assert.Equal(OperationStatus.Succeeded, (await fixture.OperationAsync(on.Id)).Status);
    }

    [Fact]
    public async Task RecentOperations_ListsTheNodesOperationsNewestFirst()
    {
        var grain = await fixture.EnrollAsync("recent");
        var manage = await grain.Submit(Action(OperationAction.Manage));
        await fixture.WaitForStableAsync(grain, ProvisionState.Manageable);
        var maintenance = await grain.Submit(Action(OperationAction.MaintenanceOn));
        var inspect = await grain.Submit(Action(OperationAction.Inspect));
        await fixture.WaitForStableAsync(grain, ProvisionState.Manageable);

        Assert.Equal([inspect.Id, maintenance.Id, manage.Id], await grain.RecentOperations());
    }

    [Fact]
    public async Task Request_Adopt_IsTheAdoptAction()
    {
        var grain = await fixture.ManageableAsync("adopt-verb");

        var adopt = await grain.Request(ProvisionEvent.Adopt, null);

        Assert.Equal(OperationAction.Adopt, adopt.Action);
        await fixture.WaitForStableAsync(grain, ProvisionState.Active);
    }
}
