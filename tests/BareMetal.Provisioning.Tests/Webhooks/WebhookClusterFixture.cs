using BareMetal.Drivers.Simulated;
using BareMetal.Hosting;
using BareMetal.Provisioning.Tests.Infrastructure;

namespace BareMetal.Provisioning.Tests.Webhooks;

/// <summary>One silo with webhooks whose retries are a tenth of a second apart, and a real receiver.</summary>
public sealed class WebhookClusterFixture : IAsyncLifetime
{
    public const string DefaultSecret = "default-secret-0123456789";

    private ProvisioningTestCluster? _cluster;
    private WebhookReceiver? _receiver;

    public ProvisioningTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    public IGrainFactory GrainFactory => Cluster.GrainFactory;

    public WebhookReceiver Receiver => _receiver ?? throw new InvalidOperationException("The receiver has not started.");

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _cluster = await ProvisioningTestCluster.StartAsync(configureServices: services => services
                .AddNodeProvisioning()
                .AddSimulatedDrivers(o => o.PowerLatency = TimeSpan.FromMilliseconds(5))
                .AddFleetServices(configureWebhooks: o =>
                {
                    o.DefaultSecret = DefaultSecret;
                    o.FirstRetryDelay = TimeSpan.FromMilliseconds(100);
                    o.BackoffFactor = 2;
                    o.MaxAttempts = 3;
                    o.ReminderPeriod = TimeSpan.FromSeconds(1);
                }));
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
    }
}
