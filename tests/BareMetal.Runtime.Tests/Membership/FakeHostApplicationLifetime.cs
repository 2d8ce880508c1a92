using Microsoft.Extensions.Hosting;

namespace BareMetal.Runtime.Tests.Membership;

/// <summary>Counts StopApplication calls instead of stopping anything.</summary>
internal sealed class FakeHostApplicationLifetime : IHostApplicationLifetime
{
    private int _stopCalls;

    public CancellationToken ApplicationStarted => CancellationToken.None;

    public CancellationToken ApplicationStopping => CancellationToken.None;

    public CancellationToken ApplicationStopped => CancellationToken.None;

    public int StopCalls => Volatile.Read(ref _stopCalls);

    public void StopApplication() => Interlocked.Increment(ref _stopCalls);
}
