using BareMetal.Contracts.Nodes;
using BareMetal.Drivers.Simulated;
using BareMetal.Hosting;
using BareMetal.Provisioning.Tests.Infrastructure;

namespace BareMetal.Provisioning.Tests.Fleet;

/// <summary>One silo with the node grains and the fleet index; each test uses its own owner or node ids so tests sharing the shards stay apart.</summary>
public sealed class FleetClusterFixture : IAsyncLifetime
{
    /// <summary>Small so that a test can run a shard's change feed past its ring.</summary>
    public const int ChangeFeedCapacity = 8;

    /// <summary>Small so that a test can overflow a shard's finished operations.</summary>
    public const int FinishedOperationsPerShard = 20;

    private ProvisioningTestCluster? _cluster;

    public IGrainFactory GrainFactory => (_cluster ?? throw new InvalidOperationException("The cluster has not started.")).GrainFactory;

    public async Task InitializeAsync() => _cluster = await ProvisioningTestCluster.StartAsync(configureServices: services => services
            .AddNodeProvisioning()
            .AddSimulatedDrivers(o => o.PowerLatency = TimeSpan.FromMilliseconds(5))
            .AddFleetServices(o =>
            {
                o.ChangeFeedCapacity = ChangeFeedCapacity;
                o.FinishedOperationsPerShard = FinishedOperationsPerShard;
            }));

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>Enrolls a node through its grain (so the index learns of it the way it does in production), named after <paramref name="tag"/>.</summary>
    public async Task<NodeView> EnrollAsync(string tag)
    {
        var id = Guid.NewGuid().ToString();
        return await GrainFactory.GetGrain<INodeGrain>(id).Enroll(new NodeEnrollment($"{tag}-{id[..8]}", SimulatedHardwareDriver.DriverName));
    }
}
