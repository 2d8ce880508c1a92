using BareMetal.Provisioning.Tests.Infrastructure;

namespace BareMetal.Provisioning.Tests.Operations;

/// <summary>One single-silo cluster shared by the read-mostly operation tests; each test uses its own operation ids.</summary>
public sealed class OperationClusterFixture : IAsyncLifetime
{
    private ProvisioningTestCluster? _cluster;

    public IGrainFactory GrainFactory => (_cluster ?? throw new InvalidOperationException("The cluster has not started.")).GrainFactory;

    public async Task InitializeAsync() => _cluster = await ProvisioningTestCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
