using BareMetal.Contracts.Nodes;
using BareMetal.Drivers.Simulated;
using BareMetal.Hosting;
using BareMetal.Provisioning.Drivers;
using BareMetal.Provisioning.Nodes;
using BareMetal.Provisioning.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>One single-silo cluster with simulated drivers (small latencies) shared by the node tests; each test uses its own node ids.</summary>
public class NodeClusterFixture : IAsyncLifetime
{
    /// <summary>Small so that the queue-full test needs only a few requests.</summary>
    public const int QueueCapacity = 3;

    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(10);
    private ProvisioningTestCluster? _cluster;

    private ProvisioningTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public IGrainFactory GrainFactory => Cluster.GrainFactory;

    /// <summary>Grain calls a test makes fail.</summary>
    public GrainCallFaults Faults => Cluster.Faults;

    public SimulatedFleet Fleet => Cluster.Services.GetRequiredService<SimulatedFleet>();

    public RecordingNodeChangeObserver Observer => (RecordingNodeChangeObserver)Cluster.Services.GetRequiredService<INodeChangeObserver>();

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>();
        ConfigureSettings(settings);
        _cluster = await ProvisioningTestCluster.StartAsync(
            configureServices: services => services
                .AddSingleton<INodeChangeObserver, RecordingNodeChangeObserver>()
                .AddSingleton<IHardwareDriver>(sp => new SecondHardwareDriver(sp.GetRequiredService<SimulatedHardwareDriver>()))
                .AddNodeProvisioning(o =>
                {
                    o.QueueCapacity = QueueCapacity;
                    ConfigureNodes(o);
                })
                .AddSimulatedDrivers(o =>
                {
                    o.PowerLatency = TimeSpan.FromMilliseconds(5);
                    o.CleanLatency = TimeSpan.FromMilliseconds(5);
                    o.TearDownLatency = TimeSpan.FromMilliseconds(5);
                    o.ImageWriteLatency = TimeSpan.FromMilliseconds(20);
                    ConfigureDrivers(o);
                }),
            settings: settings);
    }

    /// <summary>The silo's reminder rows for <paramref name="grain"/>.</summary>
    public Task<IReadOnlyList<StoredReminder>> RemindersAsync(IAddressable grain) => Cluster.RemindersAsync(grain);

    /// <summary>How many bytes the storage holds for <paramref name="grain"/>'s state named <paramref name="stateName"/> (0 when none).</summary>
    public async Task<int> StoredStateBytesAsync(IAddressable grain, string stateName)
    {
        return await Cluster.StoredPayloadAsync(grain, stateName) is { } payload ? payload.Length : 0;
    }

    /// <summary>Lets a derived fixture change the node options of its cluster.</summary>
    protected virtual void ConfigureNodes(NodeProvisioningOptions options)
    {
    }

    /// <summary>Lets a derived fixture change the simulated hardware of its cluster.</summary>
    protected virtual void ConfigureDrivers(SimulatedDriverOptions options)
    {
    }

    /// <summary>Lets a derived fixture add configuration settings to its cluster.</summary>
    protected virtual void ConfigureSettings(IDictionary<string, string?> settings)
    {
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    public async Task<INodeGrain> EnrollAsync(string prefix)
    {
        var id = $"{prefix}-{Guid.NewGuid():N}";
        var grain = GrainFactory.GetGrain<INodeGrain>(id);
        await grain.Enroll(new NodeEnrollment(id, SimulatedHardwareDriver.DriverName));
        return grain;
    }

    /// <summary>A freshly enrolled node taken to manageable.</summary>
    public async Task<INodeGrain> ManageableAsync(string prefix)
    {
        var grain = await EnrollAsync(prefix);
        await grain.Request(ProvisionEvent.Manage, null);
        await WaitForStableAsync(grain, ProvisionState.Manageable);
        return grain;
    }

    /// <summary>A freshly enrolled node taken to available.</summary>
    public async Task<INodeGrain> AvailableAsync(string prefix)
    {
        var grain = await ManageableAsync(prefix);
        await grain.Request(ProvisionEvent.Provide, null);
        await WaitForStableAsync(grain, ProvisionState.Available);
        return grain;
    }

    /// <summary>A freshly enrolled node deployed (active).</summary>
    public async Task<INodeGrain> ActiveAsync(string prefix)
    {
        var grain = await AvailableAsync(prefix);
        await grain.Request(ProvisionEvent.Deploy, null);
        await WaitForStableAsync(grain, ProvisionState.Active);
        return grain;
    }

    /// <summary>The operation's current view.</summary>
    public Task<BareMetal.Contracts.Operations.OperationView> OperationAsync(string operationId) =>
        GrainFactory.GetGrain<BareMetal.Contracts.Operations.IOperationGrain>(operationId).Get();

    /// <summary>Waits (signalled by the node's change feed, not polling) until the node is in <paramref name="state"/> with nothing pending.</summary>
    public async Task<NodeView> WaitForStableAsync(INodeGrain grain, ProvisionState state)
    {
        var nodeId = grain.GetPrimaryKeyString();
        var feed = Cluster.Services.GetRequiredService<NodeChangeFeed>();
        using var deadline = new CancellationTokenSource(s_deadline);
        try
        {
            return await feed.WaitAsync(nodeId, v => v.ProvisionState == state && v.PendingOperationIds.Count == 0, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            var view = await grain.Get();
            throw new TimeoutException(
                $"Node {nodeId} did not reach {state} with nothing pending within {s_deadline.TotalSeconds} s; it is {view.ProvisionState} with {view.PendingOperationIds.Count} pending.");
        }
    }

    /// <summary>Waits until the node's view satisfies <paramref name="condition"/>.</summary>
    public async Task<NodeView> WaitForAsync(INodeGrain grain, Func<NodeView, bool> condition, string what)
    {
        var nodeId = grain.GetPrimaryKeyString();
        var feed = Cluster.Services.GetRequiredService<NodeChangeFeed>();
        using var deadline = new CancellationTokenSource(s_deadline);
        try
        {
            return await feed.WaitAsync(nodeId, condition, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"Node {nodeId}: {what} did not happen within {s_deadline.TotalSeconds} s.");
        }
    }

    /// <summary>Waits until the node's history has an entry matching <paramref name="match"/>, reading it again whenever the node changes.</summary>
    public async Task<NodeHistoryEntry> WaitForHistoryAsync(INodeGrain grain, Func<NodeHistoryEntry, bool> match, string what)
    {
        var nodeId = grain.GetPrimaryKeyString();
        var feed = Cluster.Services.GetRequiredService<NodeChangeFeed>();
        using var deadline = new CancellationTokenSource(s_deadline);
        try
        {
            while (true)
            {
                // Taken before the history, so a change in between wakes the wait at once.
                var seen = (await grain.Get()).UpdatedAt;
                if ((await grain.History()).FirstOrDefault(match) is { } entry)
                {
                    return entry;
                }

                await feed.WaitAsync(nodeId, v => v.UpdatedAt > seen, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"Node {nodeId}: {what} was not in its history within {s_deadline.TotalSeconds} s.");
        }
    }

    /// <summary>
    /// A bounded negative check: whether the node published a view satisfying <paramref name="condition"/>
    /// within <paramref name="window"/> (signalled by the change feed).
    /// </summary>
    public async Task<bool> HappensWithinAsync(INodeGrain grain, Func<NodeView, bool> condition, TimeSpan window)
    {
        var feed = Cluster.Services.GetRequiredService<NodeChangeFeed>();
        using var cancellation = new CancellationTokenSource(window);
        try
        {
            await feed.WaitAsync(grain.GetPrimaryKeyString(), condition, cancellation.Token);
            return true;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return false;
        }
    }
}
