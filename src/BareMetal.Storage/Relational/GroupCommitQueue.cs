using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace BareMetal.Storage.Relational;

/// <summary>
/// Group commit without timers. A request arriving while no group is running goes out at once as a
/// group of one; requests arriving while a group runs wait and leave together, up to the group size
/// bound, as the next group. One group runs at a time, on one connection kept open while work keeps
/// coming. Each request records its own outcome (a refused optimistic check refuses only that
/// request); the callers see the outcomes only after the group committed. An error fails exactly the
/// group it happened in, except an error caused by one request's data: the group rolled back, so its
/// requests run again one by one and only the faulty one fails.
/// </summary>
internal sealed partial class GroupCommitQueue<TRequest, TResult>
{
    private readonly IStorageDialect _dialect;
    private readonly int _maxGroupSize;
    private readonly Func<DbConnection, IReadOnlyList<GroupedRequest<TRequest, TResult>>, CancellationToken, Task> _runGroup;
    private readonly string _description;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Queue<GroupedRequest<TRequest, TResult>> _pending = new();
    private int _flushers;

    /// <param name="dialect">Opens connections and tells an error caused by one request's data.</param>
    /// <param name="maxGroupSize">The most requests one group carries; 1 runs every request on its own.</param>
    /// <param name="runGroup">
    /// Runs one group as one atomic unit on the connection and records every request's outcome; it
    /// throws when the unit did not commit.
    /// </param>
    /// <param name="description">What the queue carries, for logs.</param>
    /// <param name="logger">The logger.</param>
    public GroupCommitQueue(
        IStorageDialect dialect,
        int maxGroupSize,
        Func<DbConnection, IReadOnlyList<GroupedRequest<TRequest, TResult>>, CancellationToken, Task> runGroup,
        string description,
        ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxGroupSize, 1);
        _dialect = dialect;
        _maxGroupSize = maxGroupSize;
        _runGroup = runGroup;
        _description = description;
        _logger = logger;
    }

    /// <summary>Queues <paramref name="request"/>; completes with its outcome once its group committed.</summary>
    public Task<TResult> EnqueueAsync(TRequest request, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        var pending = new GroupedRequest<TRequest, TResult>(request, cancellationToken);
        bool start;
        lock (_gate)
        {
            _pending.Enqueue(pending);
            start = _flushers < _dialect.GroupsInFlight;
            if (start)
            {
                _flushers++;
            }
        }

        if (start)
        {
            // The loop serves every caller: it must not carry this caller's execution context along
            // (the unsafe queueing captures none, and works whether or not the caller suppressed flow).
            ThreadPool.UnsafeQueueUserWorkItem(static queue => _ = queue.FlushAsync(), this, preferLocal: false);
        }

        return pending.Completion;
    }

    private async Task FlushAsync()
    {
        DbConnection? connection = null;
        try
        {
            while (TakeGroup() is { } group)
            {
                connection = await RunAsync(connection, group).ConfigureAwait(false);
            }
        }
        finally
        {
            if (connection is not null)
            {
                await CloseQuietlyAsync(connection.DisposeAsync()).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Closing a connection must not throw out of the loop: a loop that died would leave its count taken
    /// and the queue's later requests waiting forever.
    /// </summary>
    private static async Task CloseQuietlyAsync(ValueTask closing)
    {
        try
        {
            await closing.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Nothing depends on the close; the pool discards a connection that failed to close.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>The next group, or null when nothing waits (and then the loop has ended).</summary>
    private List<GroupedRequest<TRequest, TResult>>? TakeGroup()
    {
        List<GroupedRequest<TRequest, TResult>>? group = null;
        lock (_gate)
        {
            while (_pending.Count > 0 && (group?.Count ?? 0) < _maxGroupSize)
            {
                var next = _pending.Dequeue();
                if (next.CancellationToken.IsCancellationRequested)
                {
                    next.Cancel();
                    continue;
                }

                (group ??= []).Add(next);
            }

            if (group is null)
            {
                _flushers--;
            }
        }

        return group;
    }

    /// <summary>Runs one group and publishes or fails its requests; returns the connection to reuse, if any.</summary>
    private async Task<DbConnection?> RunAsync(DbConnection? connection, IReadOnlyList<GroupedRequest<TRequest, TResult>> group)
    {
        try
        {
            if (connection is { State: not ConnectionState.Open })
            {
                var broken = connection;
                connection = null;
                await CloseQuietlyAsync(broken.DisposeAsync()).ConfigureAwait(false);
            }

            // A group serves many callers, so no single caller's token may cancel it.
            connection ??= await _dialect.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
            await _runGroup(connection, group, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any error is the outcome of the group's callers, handed to them below.
        catch (Exception error)
#pragma warning restore CA1031
        {
            // The connection may be broken or inside a failed transaction: never reuse it here.
            if (connection is not null)
            {
                await CloseQuietlyAsync(_dialect.ReleaseAfterFailureAsync(connection)).ConfigureAwait(false);
            }

            if (group.Count > 1 && _dialect.IsRequestFault(error))
            {
                LogRunningAlone(_description, group.Count, error);
                DbConnection? alone = null;
                foreach (var request in group)
                {
                    request.Reset();
                    alone = await RunAsync(alone, [request]).ConfigureAwait(false);
                }

                return alone;
            }

            LogGroupFailed(_description, group.Count, error);
            foreach (var request in group)
            {
                request.Abort(error);
            }

            return null;
        }

        foreach (var request in group)
        {
            request.Publish();
        }

        return connection;
    }
}
