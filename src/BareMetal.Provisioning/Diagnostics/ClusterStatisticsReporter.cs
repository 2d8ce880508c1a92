using System.Diagnostics;
using BareMetal.Contracts.Diagnostics;
using Microsoft.Extensions.Logging;

namespace BareMetal.Provisioning.Diagnostics;

/// <summary>
/// Sends this silo's figures to <see cref="IClusterStatisticsGrain"/> once a second, but only while a dashboard
/// watches; otherwise it just keeps one long-poll open, renewed every <see cref="IdleWait"/>.
/// </summary>
public sealed partial class ClusterStatisticsReporter(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    IActivationWorkingSet activations,
    SiloCallCounter calls,
    TimeProvider time,
    ILogger<ClusterStatisticsReporter> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    /// <summary>How long one long-poll for a watcher lasts (well under the grain call timeout).</summary>
    public static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(20);

    /// <summary>The pause between reports while watched.</summary>
    public static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private readonly MembershipChangeLog _changes = new(time);
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();
    private Task _loop = Task.CompletedTask;
    private Task _watch = Task.CompletedTask;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(ClusterStatisticsReporter), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);
    }

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        // Not part of any caller's grain call chain: it must not inherit one.
        using (ExecutionContext.SuppressFlow())
        {
            _changes.Observe(membership.CurrentSnapshot);
            _watch = Task.Run(() => WatchMembershipAsync(_stop.Token), CancellationToken.None);
            _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loop, _watch).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <inheritdoc />
    public void Dispose() => _stop.Dispose();

    /// <summary>The report of this silo as of now.</summary>
    public async Task<SiloReport> CurrentReportAsync()
    {
        var members = await MembersAsync();
        using var process = Process.GetCurrentProcess();
        return new SiloReport(
            silo.SiloAddress.ToString(),
            silo.Name,
            _startedAt,
            time.GetUtcNow(),
            activations.Count,
            calls.InProgress,
            calls.Total,
            calls.Failed,
            process.TotalProcessorTime.TotalSeconds,
            Environment.ProcessorCount,
            process.WorkingSet64,
            GC.GetTotalMemory(forceFullCollection: false),
            ProvisioningTelemetry.FinishedTotals(),
            members,
            _changes.Recent());
    }

    // Start and heartbeat times are in the membership table, not in the membership service's snapshot.
    private async Task<IReadOnlyList<SiloMember>> MembersAsync()
    {
        var entries = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        return entries
            .Select(e => new SiloMember(e.SiloAddress.ToString(), e.SiloName, StatusName(e.Status), new DateTimeOffset(e.StartTime, TimeSpan.Zero), new DateTimeOffset(e.IAmAliveTime, TimeSpan.Zero)))
            .ToList();
    }

    private async Task WatchMembershipAsync(CancellationToken stop)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stop))
            {
                _changes.Observe(snapshot);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>The dashboard's name of a membership status.</summary>
    public static string StatusName(SiloStatus status) => status switch
    {
        SiloStatus.None => "none",
        SiloStatus.Joining => "joining",
        SiloStatus.Active => "active",
        SiloStatus.ShuttingDown => "shutting_down",
        SiloStatus.Dead => "dead",
        _ => status.ToString().ToLowerInvariant(),
    };

    private async Task RunAsync(CancellationToken stop)
    {
        var grain = grains.GetResolvedGrain<IClusterStatisticsGrain>(ClusterStatistics.GrainKey);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                // The first report makes the silo known; later ones only while someone watches.
                // Calls are abandoned (not awaited) on stop: a pending long-poll must not hold up the silo's shutdown.
                var watched = await grain.Report(await CurrentReportAsync()).WaitAsync(stop);
                while (!watched && !stop.IsCancellationRequested)
                {
                    watched = await grain.WaitForWatchers(IdleWait).WaitAsync(stop);
                }

                while (watched && !stop.IsCancellationRequested)
                {
                    await Task.Delay(ReportInterval, stop);
                    watched = await grain.Report(await CurrentReportAsync()).WaitAsync(stop);
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
