using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Drivers;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>
/// Work queued by an activation that lost its node (its silo was frozen, declared dead, and another silo's activation
/// took the node over) does not run a step that must not run twice.
/// </summary>
public sealed class NodeGrainStepFenceTests(NodeRecoveryClusterFixture fixture) : IClassFixture<NodeRecoveryClusterFixture>
{
    [Fact]
    public async Task An_image_write_queued_by_an_activation_that_lost_the_node_is_not_run()
    {
        var id = await fixture.AvailableAsync("fence");
        var node = fixture.Node(id);
        var driver = fixture.Driver[id];
        // The activation that takes over finds the write still going on the hardware and waits for it.
        driver.Status = new DriverStepStatus(DriverStepState.InProgress);
        // Between the launch and the driver call, another activation writes the node (as one that took it over does).
        using var takeover = fixture.Faults.Before<INodeGrain>(
            nameof(INodeGrain.MayRunStep),
            () => fixture.RewriteStoredState(id, state => state["Version"] = state["Version"]!.GetValue<long>() + 1),
            times: 1,
            when: (key, _) => key == id);

        await node.Request(ProvisionEvent.Deploy, null);

        // A bounded negative check: the write would start at once after the launch.
        await Assert.ThrowsAsync<TimeoutException>(() => driver.WhenCalled("write-image", 1).WaitAsync(TimeSpan.FromSeconds(2)));
        Assert.Equal(1, takeover.Hits);
        Assert.Equal(0, driver.CallCount("write-image"));
    }

    [Fact]
    public async Task A_yes_that_is_too_old_to_use_is_asked_again_before_the_hardware_call()
    {
        var id = await fixture.AvailableAsync("fence-lease");
        var node = fixture.Node(id);
        var driver = fixture.Driver[id];
        driver.Status = new DriverStepStatus(DriverStepState.InProgress);
        // The first answer comes later than the lease (1 s): as if the silo froze after asking. Meanwhile another
        // activation takes the node over and writes it, which the second question finds.
        var asked = 0;
        var askedAgain = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var freeze = fixture.Faults.Before<INodeGrain>(
            nameof(INodeGrain.MayRunStep),
            () =>
            {
                if (Interlocked.Increment(ref asked) == 1)
                {
                    // Not synchronization: the simulated freeze itself, longer than the lease.
                    Thread.Sleep(TimeSpan.FromSeconds(1.5));
                }
                else
                {
                    fixture.RewriteStoredState(id, state => state["Version"] = state["Version"]!.GetValue<long>() + 1);
                    askedAgain.TrySetResult();
                }
            },
            times: 2,
            when: (key, _) => key == id);

        await node.Request(ProvisionEvent.Deploy, null);

        await askedAgain.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // A bounded negative check: the write would start at once after the second answer.
        await Assert.ThrowsAsync<TimeoutException>(() => driver.WhenCalled("write-image", 1).WaitAsync(TimeSpan.FromSeconds(2)));
        Assert.Equal(0, driver.CallCount("write-image"));
    }

    [Fact]
    public async Task The_work_of_another_launch_of_the_same_attempt_is_told_no()
    {
        var (id, deploy, driver) = await WritingImageAsync("fence-other-launch");
        var node = fixture.Node(id);

        // The write (step 1, attempt 1) is in flight, launched by this activation. Work of a duplicate activation that
        // launched the same attempt (after a failover) asks this one: only this launch's own work may run it.
        Assert.False(await node.MayRunStep(deploy.Id, 1, 1, "launch-of-a-duplicate-activation"));
        Assert.Equal(1, driver.CallCount("write-image"));
    }

    [Fact]
    public async Task An_activation_that_did_not_launch_a_step_does_not_let_anyone_run_it()
    {
        var (id, deploy, driver) = await WritingImageAsync("fence-new-activation");

        // The activation that launched the write goes with its silo; the write is still going on the hardware.
        driver.Status = new DriverStepStatus(DriverStepState.InProgress);
        await fixture.RestartSiloAsync();

        // Work queued by the lost activation asks the node: the new activation never launched the step, so it says no
        // (its own step-watch asks the hardware instead, and here waits for the write in progress).
        Assert.False(await fixture.Node(id).MayRunStep(deploy.Id, 1, 1, "launch-of-the-lost-activation"));
        Assert.Equal(1, driver.CallCount("write-image"));
    }

    // A node deploying, its image write (step 1, attempt 1) launched by its activation and started on the hardware.
    private async Task<(string Id, OperationView Deploy, RecoveryTestNode Driver)> WritingImageAsync(string prefix)
    {
        var id = await fixture.AvailableAsync(prefix);
        var deploy = await fixture.Node(id).Request(ProvisionEvent.Deploy, null);
        var driver = fixture.Driver[id];
        await driver.WhenCalled("write-image", 1).WaitAsync(TimeSpan.FromSeconds(10));
        return (id, deploy, driver);
    }
}
