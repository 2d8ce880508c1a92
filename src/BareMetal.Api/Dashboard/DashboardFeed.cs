using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Threading.Channels;
using BareMetal.Api.Json;
using BareMetal.Contracts.Diagnostics;
using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Operations;
using Microsoft.Extensions.Logging;

namespace BareMetal.Api.Dashboard;

/// <summary>
/// Assembles the dashboard's snapshot once a second and pushes it to every open dashboard. It runs only while at
/// least one dashboard is connected (ten dashboards cost what one does); with none, it does nothing at all.
/// </summary>
internal sealed partial class DashboardFeed : IDisposable
{
    /// <summary>How often a snapshot is pushed.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private const int HistoryPoints = 300;
    private const int ListedOperations = 50;
    private const int ListedAttention = 50;
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly ILogger<DashboardFeed> _logger;
    private readonly HttpStatistics _http;
    private readonly Lock _lock = new();
    private readonly List<Channel<string>> _viewers = [];
    private readonly Queue<ChartPoint> _history = new();
    private CancellationTokenSource? _running;
    private DateTimeOffset _lastTick;

    public DashboardFeed(IGrainFactory grains, TimeProvider time, ILogger<DashboardFeed> logger, IMeterFactory? meterFactory)
    {
        _grains = grains;
        _time = time;
        _logger = logger;
        _http = new HttpStatistics(meterFactory);
    }

    /// <summary>Open dashboards.</summary>
    public int ViewerCount
    {
        get
        {
            lock (_lock)
            {
                return _viewers.Count;
            }
        }
    }

    /// <summary>
    /// Starts sending snapshots to a new dashboard (starting the feed when it is the first); the first message is the
    /// chart history. Dispose the returned subscription when the dashboard goes away.
    /// </summary>
    public DashboardSubscription Subscribe()
    {
        // A slow dashboard misses snapshots rather than holding memory: only the newest few are kept for it.
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(4) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_lock)
        {
            channel.Writer.TryWrite(Message("history", _history.ToArray()));
            _viewers.Add(channel);
            if (_running is null)
            {
                _running = new CancellationTokenSource();
                _http.Start();
                var token = _running.Token;
                using (ExecutionContext.SuppressFlow())
                {
                    _ = Task.Run(() => RunAsync(token), CancellationToken.None);
                }
            }
        }

        Diagnostics.ApiMetrics.DashboardViewerChanged(+1);
        return new DashboardSubscription(channel.Reader, () => Unsubscribe(channel));
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _running?.Cancel();
            _running?.Dispose();
            _running = null;
            _http.Dispose();
        }
    }

    /// <summary>Builds one snapshot (also used directly by tests).</summary>
    public async Task<DashboardSnapshot> AssembleAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var cluster = CatchAsync(_grains.GetResolvedGrain<IClusterStatisticsGrain>(ClusterStatistics.GrainKey).Watch());
        var counts = CatchAsync(FleetQueries.CountsAsync(_grains));
        var operations = CatchAsync(FleetQueries.ListOperationsAsync(_grains, new OperationQuery(Limit: 200)));
        var maintenance = CatchAsync(FleetQueries.ListNodesAsync(_grains, new NodeQuery(Maintenance: true, Limit: ListedAttention)));
        await Task.WhenAll(cluster, counts, operations, maintenance).WaitAsync(cancellationToken);

        var fleet = counts.Result.Value;
        var attention = maintenance.Result.Value?.Nodes ?? [];
        if (fleet is { WithError: > 0 })
        {
            // No index filter for errors: scan one page; errors beyond it still show in the counts.
            var page = await CatchAsync(FleetQueries.ListNodesAsync(_grains, new NodeQuery(Limit: FleetQueries.MaxLimit)));
            attention = [.. attention.Concat(page.Value?.Nodes.Where(n => n.LastError is not null && !n.Maintenance) ?? [])];
        }

        var listed = operations.Result.Value?.Operations ?? [];
        var finished = listed.Where(o => o.Status.IsTerminal()).ToList();
        var statistics = cluster.Result.Value;
        var (count, p50, p95, p99) = _http.TakeWindow();
        var elapsed = _lastTick == default ? Interval.TotalSeconds : Math.Max(0.001, (now - _lastTick).TotalSeconds);
        _lastTick = now;
        var requestsPerSecond = count / elapsed;
        var point = new ChartPoint(now, statistics?.CallsPerSecond ?? 0, requestsPerSecond, p50, p95, p99, statistics?.OperationsFinishedPerSecond.Values.Sum() ?? 0);
        return new DashboardSnapshot(
            now,
            statistics,
            cluster.Result.Error,
            fleet,
            attention.Take(ListedAttention * 2)
                .Select(n => new AttentionNode(n.Id, n.Name, n.ProvisionState, n.PowerState, n.Maintenance, n.MaintenanceReason, n.LastError, n.UpdatedAt))
                .ToList(),
            new OperationFigures(
                listed.Where(o => !o.Status.IsTerminal()).Take(ListedOperations).Select(o => Summary(o, now)).ToList(),
                finished.Take(ListedOperations).Select(o => Summary(o, now)).ToList(),
                Rate(finished, OperationStatus.Failed),
                Rate(finished, OperationStatus.TimedOut),
                fleet?.PendingOperations ?? 0,
                statistics?.QueuedRequests ?? 0),
            new HttpFigures(requestsPerSecond, p50, p95, p99, _http.TooManyRequestsTotal, _http.UnavailableTotal, _http.ServerErrorsTotal),
            point);
    }

    private static double Rate(List<OperationView> finished, OperationStatus status) =>
        finished.Count == 0 ? 0 : (double)finished.Count(o => o.Status == status) / finished.Count;

    private static OperationSummary Summary(OperationView operation, DateTimeOffset now) => new(
        operation.Id,
        operation.NodeId,
        operation.Action.ToWireName(),
        JsonNamingPolicy.SnakeCaseLower.ConvertName(operation.Status.ToString()),
        operation.CreatedAt,
        operation.EndedAt,
        Math.Max(0, ((operation.EndedAt ?? now) - operation.CreatedAt).TotalSeconds),
        operation.TraceId,
        operation.Error,
        operation.Progress.Message);

    private static string Message<T>(string eventName, T data) =>
        $"event: {eventName}\ndata: {JsonSerializer.Serialize(data, ApiJson.Options)}\n\n";

    private async Task<(T? Value, string? Error)> CatchAsync<T>(Task<T> task)
        where T : class
    {
        try
        {
            return (await task, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogReadFailed(exception);
            return (null, exception.Message);
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        do
        {
            try
            {
                var snapshot = await AssembleAsync(stop);
                var message = Message("snapshot", snapshot);
                lock (_lock)
                {
                    _history.Enqueue(snapshot.Point);
                    while (_history.Count > HistoryPoints)
                    {
                        _history.Dequeue();
                    }

                    foreach (var viewer in _viewers)
                    {
                        viewer.Writer.TryWrite(message);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogReadFailed(exception);
            }
        }
        while (await WaitAsync(timer, stop));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Unsubscribe(Channel<string> channel)
    {
        lock (_lock)
        {
            if (!_viewers.Remove(channel))
            {
                return;
            }

            channel.Writer.TryComplete();
            if (_viewers.Count == 0 && _running is not null)
            {
                // The last dashboard closed: stop reading the cluster and forget the charts.
                _running.Cancel();
                _running.Dispose();
                _running = null;
                _http.Stop();
                _history.Clear();
                _lastTick = default;
            }
        }

        Diagnostics.ApiMetrics.DashboardViewerChanged(-1);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The dashboard could not read part of its figures.")]
    private partial void LogReadFailed(Exception exception);
}
