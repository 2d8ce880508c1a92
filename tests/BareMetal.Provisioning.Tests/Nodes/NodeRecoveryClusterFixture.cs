using System.Text.Json;
using System.Text.Json.Serialization;
using BareMetal.Contracts.Nodes;
using BareMetal.Drivers;
using BareMetal.Hosting;
using BareMetal.Provisioning.Drivers;
using BareMetal.Provisioning.Nodes;
using BareMetal.Provisioning.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>
/// A one-silo cluster with <see cref="RecoveryTestDriver"/> whose silo a test restarts to lose the node's
/// activation while a step is in flight (state and reminders outlive the silo, as they live in the database).
/// Step-watch ticks every 200 ms.
/// </summary>
public class NodeRecoveryClusterFixture : IAsyncLifetime
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(10);
    private static readonly JsonSerializerOptions s_stateJson = new() { IncludeFields = true, Converters = { new JsonStringEnumConverter() } };
    private ProvisioningTestCluster? _cluster;

    public RecoveryTestDriver Driver { get; } = new();

    private ProvisioningTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public IGrainFactory GrainFactory => Cluster.GrainFactory;

    /// <summary>Grain calls a test makes fail.</summary>
    public GrainCallFaults Faults => Cluster.Faults;

    public async Task InitializeAsync()
    {
        _cluster = await ProvisioningTestCluster.StartAsync(
            configureServices: services =>
            {
                services.AddNodeProvisioning(o =>
                {
                    o.TimeoutCheckInterval = TimeSpan.FromMilliseconds(200);
                    // A report that cannot be delivered is given up on quickly, so the step-watch's answer to it shows.
                    o.StepReportAttempts = 2;
                    o.StepReportRetryDelay = TimeSpan.FromMilliseconds(50);
                    ConfigureNodes(o);
                });
                services.AddSingleton<IDriverRegistry>(new DriverRegistry([Driver, new BlindRecoveryTestDriver(Driver)]));
            },
            settings: new Dictionary<string, string?> { ["BareMetal:Reminders:MinimumReminderPeriod"] = "00:00:00.200" });
    }

    /// <summary>Lets a derived fixture change the node options.</summary>
    protected virtual void ConfigureNodes(NodeProvisioningOptions options)
    {
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    public INodeGrain Node(string id) => GrainFactory.GetGrain<INodeGrain>(id);

    public async Task<string> EnrollAsync(string prefix, string driver = RecoveryTestDriver.DriverName)
    {
        var id = $"{prefix}-{Guid.NewGuid():N}";
        await Node(id).Enroll(new NodeEnrollment(id, driver));
        return id;
    }

    /// <summary>Enrolls a node and takes it through manage and provide: available, nothing pending.</summary>
    public async Task<string> AvailableAsync(string prefix)
    {
        var id = await EnrollAsync(prefix);
        await Node(id).Request(ProvisionEvent.Manage, null);
        await WaitForStableAsync(id, ProvisionState.Manageable);
        await Node(id).Request(ProvisionEvent.Provide, null);
        await WaitForStableAsync(id, ProvisionState.Available);
        return id;
    }

    /// <summary>Stops the silo (every activation goes) and starts a new one on the same database and reminder table.</summary>
    public Task RestartSiloAsync() => Cluster.RestartSiloAsync();

    /// <summary>Changes the node's stored state as an activation elsewhere would, behind this one's back.</summary>
    public void RewriteStoredState(string id, Action<System.Text.Json.Nodes.JsonObject> change) => Cluster.RewriteStoredState(Node(id), "node", change);

    /// <summary>The node's stored state, as the next activation will read it.</summary>
    public async Task<NodeState> StoredStateAsync(string id)
    {
        var stored = await Cluster.StoredPayloadAsync(Node(id), "node");
        return JsonSerializer.Deserialize<NodeState>(stored ?? throw new InvalidOperationException($"node {id} has no stored state"), s_stateJson)!;
    }

    /// <summary>The payload stored for one of the node's states; null when there is none or it was cleared.</summary>
    public Task<byte[]?> StoredPayloadAsync(string id, string stateName) => Cluster.StoredPayloadAsync(Node(id), stateName);

    /// <summary>Waits (signalled by the running silo's change feed) until the node's view satisfies <paramref name="condition"/>.</summary>
    public async Task<NodeView> WaitForAsync(string id, Func<NodeView, bool> condition, string what)
    {
        var feed = Cluster.Services.GetRequiredService<NodeChangeFeed>();
        using var deadline = new CancellationTokenSource(s_deadline);
        try
        {
            return await feed.WaitAsync(id, condition, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            var history = string.Join("\n", (await Node(id).History()).Select(h => $"{h.Event}: {h.Message}"));
            throw new TimeoutException($"Node {id}: {what} did not happen within {s_deadline.TotalSeconds} s. History:\n{history}");
        }
    }

    /// <summary>A bounded negative check: whether the node published a view satisfying <paramref name="condition"/> within <paramref name="window"/>.</summary>
    public async Task<bool> HappensWithinAsync(string id, Func<NodeView, bool> condition, TimeSpan window)
    {
        var feed = Cluster.Services.GetRequiredService<NodeChangeFeed>();
        using var cancellation = new CancellationTokenSource(window);
        try
        {
            await feed.WaitAsync(id, condition, cancellation.Token);
            return true;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return false;
        }
    }

    public Task<NodeView> WaitForStableAsync(string id, ProvisionState state) =>
        WaitForAsync(id, v => v.ProvisionState == state && v.PendingOperationIds.Count == 0, $"{state} with nothing pending");
}
