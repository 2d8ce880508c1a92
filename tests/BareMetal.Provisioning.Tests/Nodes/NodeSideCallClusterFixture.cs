using Microsoft.Extensions.DependencyInjection;
using BareMetal.Drivers.Simulated;
using BareMetal.Hosting;
using BareMetal.Provisioning.Tests.Infrastructure;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>
/// One silo with the node grains, the fleet index and the simulated hardware, whose nodes wait at most
/// <see cref="SideCallTimeout"/> for the calls they make beside their own writes.
/// </summary>
public sealed class NodeSideCallClusterFixture : IAsyncLifetime
{
    /// <summary>Short, so that a test sees the node carry on quickly.</summary>
    public static readonly TimeSpan SideCallTimeout = TimeSpan.FromMilliseconds(300);

    private ProvisioningTestCluster? _cluster;

    private ProvisioningTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public IGrainFactory GrainFactory => Cluster.GrainFactory;

    /// <summary>Grain calls a test holds.</summary>
    public GrainCallFaults Faults => Cluster.Faults;

    /// <summary>The simulated hardware, whose steps a test can hang.</summary>
    public SimulatedFleet Fleet => Cluster.Services.GetRequiredService<SimulatedFleet>();

    public async Task InitializeAsync() => _cluster = await ProvisioningTestCluster.StartAsync(configureServices: services => services
            .AddNodeProvisioning(o => o.SideCallTimeout = SideCallTimeout)
            .AddSimulatedDrivers(o => o.PowerLatency = TimeSpan.FromMilliseconds(5))
            .AddFleetServices());

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
