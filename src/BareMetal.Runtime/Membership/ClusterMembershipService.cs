using BareMetal.Runtime.Cluster;
using Microsoft.Extensions.Logging;

namespace BareMetal.Runtime.Membership;

/// <summary>
/// Holds and publishes the local silo's membership view. The <see cref="MembershipAgent"/> is the only
/// publisher; it reads the table and hands the rows to <see cref="TryPublish"/>.
/// </summary>
internal sealed partial class ClusterMembershipService(ILogger<ClusterMembershipService> logger) : IClusterMembershipService
{
    // Publishing (view swap + handlers) is serialized so handlers see views in version order;
    // the state lock is separate so a handler may call WaitForViewAsync.
    private readonly Lock _publishLock = new();
    private readonly Lock _stateLock = new();
    private readonly List<Waiter> _waiters = [];
    private readonly ILogger<ClusterMembershipService> _logger = logger;
    private Dictionary<SiloAddress, string> _eTags = [];
    private ClusterMembershipView _current = ClusterMembershipView.Empty;

    public ClusterMembershipView CurrentView => Volatile.Read(ref _current);

    public event EventHandler<ClusterMembershipChangedEventArgs>? ViewChanged;

    public Task<ClusterMembershipView> WaitForViewAsync(Func<ClusterMembershipView, bool> predicate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        Waiter waiter;
        lock (_stateLock)
        {
            if (predicate(_current))
            {
                return Task.FromResult(_current);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled<ClusterMembershipView>(cancellationToken);
            }

            waiter = new Waiter(predicate);
            _waiters.Add(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(
                static state =>
                {
                    var (service, w, token) = ((ClusterMembershipService, Waiter, CancellationToken))state!;
                    service.Cancel(w, token);
                },
                (this, waiter, cancellationToken));
            _ = waiter.Completion.Task.ContinueWith(
                static (_, r) => ((CancellationTokenRegistration)r!).Dispose(),
                registration,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        return waiter.Completion.Task;
    }

    /// <summary>
    /// Publishes <paramref name="rows"/> as a new view when a row was added, removed or changed (its
    /// ETag moved). Heartbeats do not move ETags, so they alone never produce a view.
    /// </summary>
    /// <returns>Whether a new view was published.</returns>
    internal bool TryPublish(IReadOnlyList<MembershipRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        lock (_publishLock)
        {
            ClusterMembershipView previous;
            ClusterMembershipView next;
            lock (_stateLock)
            {
                if (SameETagsLocked(rows))
                {
                    return false;
                }

                previous = _current;
                next = new ClusterMembershipView(previous.Version + 1, rows.Select(r => r.Entry));
                _eTags = rows.ToDictionary(r => r.Entry.Silo, r => r.ETag);
                Volatile.Write(ref _current, next);
                CompleteWaitersLocked(next);
            }

            LogViewPublished(next.Version, next.ActiveSilos.Count, next.Entries.Count);
            var handlers = ViewChanged;
            if (handlers is not null)
            {
                var args = new ClusterMembershipChangedEventArgs(previous, next);
                foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<ClusterMembershipChangedEventArgs>>())
                {
                    try
                    {
                        handler(this, args);
                    }
                    catch (Exception exception)
                    {
                        LogViewHandlerFailed(exception, next.Version);
                    }
                }
            }

            return true;
        }
    }

    private bool SameETagsLocked(IReadOnlyList<MembershipRow> rows) =>
        rows.Count == _eTags.Count
        && rows.All(r => _eTags.TryGetValue(r.Entry.Silo, out var eTag) && eTag == r.ETag);

    private void CompleteWaitersLocked(ClusterMembershipView view)
    {
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            var waiter = _waiters[i];
            try
            {
                if (!waiter.Predicate(view))
                {
                    continue;
                }

                waiter.Completion.TrySetResult(view);
            }
            catch (Exception exception)
            {
                waiter.Completion.TrySetException(exception);
            }

            _waiters.RemoveAt(i);
        }
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_stateLock)
        {
            _waiters.Remove(waiter);
        }

        waiter.Completion.TrySetCanceled(cancellationToken);
    }

    private sealed class Waiter(Func<ClusterMembershipView, bool> predicate)
    {
        public Func<ClusterMembershipView, bool> Predicate { get; } = predicate;

        public TaskCompletionSource<ClusterMembershipView> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Membership view {Version} published: {ActiveCount} active of {RowCount} silos")]
    private partial void LogViewPublished(long version, int activeCount, int rowCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "A ViewChanged handler failed for membership view {Version}")]
    private partial void LogViewHandlerFailed(Exception exception, long version);
}
