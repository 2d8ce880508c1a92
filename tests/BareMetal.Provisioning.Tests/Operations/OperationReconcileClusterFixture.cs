using BareMetal.Contracts.Nodes;
using BareMetal.Drivers.Simulated;
using BareMetal.Hosting;
using BareMetal.Provisioning.Tests.Infrastructure;

namespace BareMetal.Provisioning.Tests.Operations;

/// <summary>Nodes with simulated hardware whose operations ask their node where they stand after 300 ms.</summary>
public sealed class OperationReconcileClusterFixture : IAsyncLifetime
{
    public static readonly TimeSpan ReconcileAfter = TimeSpan.FromMilliseconds(300);

    private ProvisioningTestCluster? _cluster;

    private ProvisioningTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public IGrainFactory GrainFactory => Cluster.GrainFactory;

    public GrainCallFaults Faults => Cluster.Faults;

    public async Task InitializeAsync() => _cluster = await ProvisioningTestCluster.StartAsync(configureServices: services => services
            .AddNodeProvisioning()
            .AddSimulatedDrivers(o => o.PowerLatency = TimeSpan.FromMilliseconds(5))
            .AddFleetServices(o => o.OperationReconcileAfter = ReconcileAfter));

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>Stops the silo (every activation goes) and starts a new one on the same storage and reminder table.</summary>
    public Task RestartSiloAsync() => Cluster.RestartSiloAsync();

    public async Task<INodeGrain> EnrollAsync(string prefix)
    {
        var id = $"{prefix}-{Guid.NewGuid():N}";
        var node = GrainFactory.GetGrain<INodeGrain>(id);
        await node.Enroll(new NodeEnrollment(id, SimulatedHardwareDriver.DriverName));
        return node;
    }
}
