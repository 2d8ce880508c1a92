using Microsoft.Extensions.Hosting;

namespace BareMetal.Host;

/// <summary>
/// Registered after the silo's hosted service, so its start runs once the silo has started (and, in cluster mode,
/// joined): from then on the host is ready. Stopping marks it not ready first, so load balancers drain it.
/// </summary>
internal sealed class SiloReadinessService(HostReadiness readiness) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        readiness.MarkReady();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        readiness.MarkNotReady("stopping");
        return Task.CompletedTask;
    }
}
