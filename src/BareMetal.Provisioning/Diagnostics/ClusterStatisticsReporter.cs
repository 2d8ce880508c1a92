using BareMetal.Contracts.Diagnostics;
using BareMetal.Hosting;
using BareMetal.Runtime;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.Diagnostics;
using Microsoft.Extensions.Logging;

namespace BareMetal.Provisioning.Diagnostics;

/// <summary>
/// Sends this silo's figures to <see cref="IClusterStatisticsGrain"/> once a second, but only while a dashboard
/// watches; otherwise it just keeps one long-poll open, renewed every <see cref="IdleWait"/>.
/// </summary>
public sealed partial class ClusterStatisticsReporter(
    IGrainFactory grains,
    ISiloStatistics statistics,
    ILogger<ClusterStatisticsReporter> logger) : ISiloLifecycleParticipant, IDisposable
{
    /// <summary>How long one long-poll for a watcher lasts (well under the grain call timeout).</summary>
    public static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(20);

    /// <summary>The pause between reports while watched.</summary>
    public static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    /// <inheritdoc />
    public int Stage => SiloLifecycleStage.Active;

    /// <inheritdoc />
    public Task OnStartAsync(CancellationToken cancellationToken)
    {
        // Not part of any caller's grain call chain: it must not inherit one.
        using (ExecutionContext.SuppressFlow())
        {
            _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <inheritdoc />
    public void Dispose() => _stop.Dispose();

    /// <summary>The report of this silo as of now.</summary>
    public SiloReport CurrentReport()
    {
        var sample = statistics.Sample();
        return new SiloReport(
            sample.Silo,
            sample.SiloName,
            sample.StartedAt,
            sample.SampledAt,
            sample.Activations,
            sample.QueuedRequests,
            sample.CallsTotal,
            sample.FailedCallsTotal,
            sample.ProcessorTime.TotalSeconds,
            sample.ProcessorCount,
            sample.WorkingSetBytes,
            sample.ManagedHeapBytes,
            ProvisioningTelemetry.FinishedTotals(),
            sample.Members.Select(m => new SiloMember(m.Silo.ToString(), m.SiloName, StatusName(m.Status), m.StartTime, m.IAmAliveTime)).ToList(),
            sample.RecentChanges.Select(c => new MembershipEvent(c.Silo.ToString(), StatusName(c.Previous), StatusName(c.Current), c.At)).ToList());
    }

    /// <summary>The dashboard's name of a membership status.</summary>
    public static string StatusName(SiloStatus status) => status switch
    {
        SiloStatus.None => "none",
        SiloStatus.Joining => "joining",
        SiloStatus.Active => "active",
        SiloStatus.ShuttingDown => "shutting_down",
        SiloStatus.Dead => "dead",
        _ => status.ToString(),
    };

    private async Task RunAsync(CancellationToken stop)
    {
        var grain = grains.GetGrain<IClusterStatisticsGrain>(ClusterStatistics.GrainKey);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                // The first report makes the silo known; later ones only while someone watches.
                // Calls are abandoned (not awaited) on stop: a pending long-poll must not hold up the silo's shutdown.
                var watched = await grain.Report(CurrentReport()).WaitAsync(stop);
                while (!watched && !stop.IsCancellationRequested)
                {
                    watched = await grain.WaitForWatchers(IdleWait).WaitAsync(stop);
                }

                while (watched && !stop.IsCancellationRequested)
                {
                    await Task.Delay(ReportInterval, stop);
                    watched = await grain.Report(CurrentReport()).WaitAsync(stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (!stop.IsCancellationRequested)
            {
                // The grain's silo may be gone; the next call activates it elsewhere.
                LogReportFailed(exception);
                try
                {
                    await Task.Delay(ReportInterval, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reporting this silo's statistics failed; retrying.")]
    private partial void LogReportFailed(Exception exception);
}
