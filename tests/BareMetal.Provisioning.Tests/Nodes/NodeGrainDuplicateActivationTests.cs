using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Drivers;
using BareMetal.Hosting;
using BareMetal.Provisioning.Drivers;
using BareMetal.Provisioning.Nodes;
using BareMetal.Provisioning.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>
/// Orleans' default grain directory can, for a moment after a membership change, hold two activations of one grain
/// on two silos. These tests force that: two clusters on one database each run their own activation of the same
/// node, on the same hardware. The stale activation must not run a non-idempotent step a second time: the step's
/// journal entry is written, with the state's ETag, before the driver is called, so its write is refused first.
/// </summary>
public sealed class NodeGrainDuplicateActivationTests : IAsyncLifetime
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(15);
    private readonly ProvisioningTestDatabase _database = new();
    private readonly RecoveryTestDriver _hardware = new();
    private ProvisioningTestCluster? _first;
    private ProvisioningTestCluster? _second;

    private ProvisioningTestCluster First => _first ?? throw new InvalidOperationException("not started");

    private ProvisioningTestCluster Second => _second ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _first = await StartClusterAsync();
        _second = await StartClusterAsync();
    }

    public async Task DisposeAsync()
    {
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }

        if (_first is not null)
        {
            await _first.DisposeAsync();
        }
    }

    [Fact]
    public async Task AStaleSecondActivation_CannotWriteTheImageAgain_AndTheFreshOneWaitsForTheFirstWrite()
    {
        var id = $"twice-{Guid.NewGuid():N}";
        var first = First.GrainFactory.GetGrain<INodeGrain>(id);
        await first.Enroll(new NodeEnrollment(id, RecoveryTestDriver.DriverName));
        await first.Request(ProvisionEvent.Manage, null);
        await WaitForAsync(First, id, v => v.ProvisionState == ProvisionState.Manageable && v.PendingOperationIds.Count == 0, "manageable");
        await first.Request(ProvisionEvent.Provide, null);
        await WaitForAsync(First, id, v => v.ProvisionState == ProvisionState.Available && v.PendingOperationIds.Count == 0, "available");

        // The second activation reads the node now, available, and keeps that state in memory.
        var stale = Second.GrainFactory.GetGrain<INodeGrain>(id);
        Assert.Equal(ProvisionState.Available, (await stale.Get()).ProvisionState);

        var deploy = await first.Request(ProvisionEvent.Deploy, null);
        await WaitForAsync(First, id, v => v.ProvisionState == ProvisionState.WaitCallBack, "the image write handed to the agent");
        var hardware = _hardware[id];
        Assert.Equal(1, hardware.CallCount("write-image"));
        hardware.Status = new DriverStepStatus(DriverStepState.InProgress);

        // The stale activation still believes the node available and accepts a deploy of its own. Its write is
        // refused (another activation wrote since it read), and it launches nothing: launching follows the write.
        await Assert.ThrowsAnyAsync<Exception>(() => stale.Request(ProvisionEvent.Deploy, null));
        Assert.Equal(1, hardware.CallCount("write-image"));

        // Orleans deactivates a grain whose write was refused. The next call meets a fresh activation that reads the
        // step in flight, asks the hardware about the step's token, and waits instead of writing the image again.
        var fresh = await EventuallyAsync(
            () => stale.Get(),
            v => v.ProvisionState == ProvisionState.WaitCallBack,
            "the second silo's fresh activation to read the deploy in flight");
        Assert.Equal([deploy.Id], fresh.PendingOperationIds);
        await EventuallyAsync(() => Task.FromResult(hardware.StatusQueries.Count), n => n > 0, "the fresh activation to ask the hardware about the step");
        Assert.Contains(new StepToken(id, deploy.Id, 1, 1), hardware.StatusQueries);

        // The same action asked of either activation is the same operation.
        Assert.Equal(deploy.Id, (await stale.Request(ProvisionEvent.Deploy, null)).Id);

        // Every activation that asked the hardware found the one write in progress; none wrote the image again.
        // (How the deploy then ends is the single-activation recovery tests' subject: two clusters that never learn
        // of each other keep refusing each other's writes, where Orleans' directory soon leaves one activation.)
        Assert.Equal(1, hardware.CallCount("write-image"));
    }

    private async Task<ProvisioningTestCluster> StartClusterAsync() => await ProvisioningTestCluster.StartAsync(
        configureServices: services =>
        {
            services.AddNodeProvisioning(o => o.TimeoutCheckInterval = TimeSpan.FromMilliseconds(200));
            services.AddSingleton<IDriverRegistry>(new DriverRegistry([_hardware]));
        },
        settings: new Dictionary<string, string?> { ["BareMetal:Reminders:MinimumReminderPeriod"] = "00:00:00.200" },
        database: _database);

    private static async Task WaitForAsync(ProvisioningTestCluster cluster, string id, Func<NodeView, bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(s_deadline);
        try
        {
            await cluster.Services.GetRequiredService<NodeChangeFeed>().WaitAsync(id, condition, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"node {id}: {what} did not happen within {s_deadline.TotalSeconds} s");
        }
    }

    // Asks until the answer satisfies the condition. The node's change feed cannot be used here: it belongs to the
    // silo, and which call meets which activation is what the test is about. A failed call counts as "not yet".
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> ask, Func<T, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + s_deadline;
        Exception? lastError = null;
        T? last = default;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await ask();
                if (condition(last))
                {
                    return last;
                }
            }
#pragma warning disable CA1031 // A call that met the deactivating activation is asked again.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                lastError = exception;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        throw new TimeoutException($"{what} did not happen within {s_deadline.TotalSeconds} s; last answer {last}, last error {lastError?.Message}");
    }
}
