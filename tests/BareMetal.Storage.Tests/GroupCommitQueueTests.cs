using System.Data.Common;
using System.Threading.Channels;
using BareMetal.Storage.Relational;
using BareMetal.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace BareMetal.Storage.Tests;

/// <summary>
/// How requests are grouped, when callers see outcomes and what an error fails, with a run delegate
/// the test releases group by group (connections come from a real SQLite file; one group at a time).
/// </summary>
public sealed class GroupCommitQueueTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly SqliteTestDirectory _directory = new();
    private readonly Channel<RunningGroup> _started = Channel.CreateUnbounded<RunningGroup>();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task LoneRequest_GoesOutAtOnceAsGroupOfOne()
    {
        var queue = NewQueue(maxGroupSize: 64);

        var result = queue.EnqueueAsync(7, CancellationToken.None);

        var group = await NextGroupAsync();
        Assert.Equal([7], group.Requests);
        group.Commit();
        Assert.Equal(70, await result.WaitAsync(Deadline));
    }

    [Fact]
    public async Task RequestsArrivingWhileGroupRuns_LeaveTogetherAsNextGroup()
    {
        var queue = NewQueue(maxGroupSize: 64);
        var first = queue.EnqueueAsync(1, CancellationToken.None);
        var running = await NextGroupAsync();

        var waiting = Enumerable.Range(2, 5).Select(i => queue.EnqueueAsync(i, CancellationToken.None)).ToArray();
        running.Commit();
        var next = await NextGroupAsync();
        next.Commit();

        Assert.Equal([1], running.Requests);
        Assert.Equal([2, 3, 4, 5, 6], next.Requests);
        Assert.Equal(10, await first.WaitAsync(Deadline));
        Assert.Equal(new[] { 20, 30, 40, 50, 60 }, await Task.WhenAll(waiting).WaitAsync(Deadline));
    }

    [Fact]
    public async Task WaitingRequests_LeaveInGroupsNoLargerThanTheBound()
    {
        var queue = NewQueue(maxGroupSize: 3);
        var all = new List<Task<int>> { queue.EnqueueAsync(1, CancellationToken.None) };
        var running = await NextGroupAsync();
        all.AddRange(Enumerable.Range(2, 7).Select(i => queue.EnqueueAsync(i, CancellationToken.None)));

        var groups = new List<int[]> { running.Requests };
        running.Commit();
        while (groups.Sum(g => g.Length) < 8)
        {
            var group = await NextGroupAsync();
            groups.Add(group.Requests);
            group.Commit();
        }

        Assert.Equal([[1], [2, 3, 4], [5, 6, 7], [8]], groups);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => i * 10), await Task.WhenAll(all).WaitAsync(Deadline));
    }

    [Fact]
    public async Task Outcome_IsSeenOnlyAfterTheGroupCommitted()
    {
        var queue = NewQueue(maxGroupSize: 64);
        var result = queue.EnqueueAsync(5, CancellationToken.None);
        var group = await NextGroupAsync();

        // The run has recorded 50 for the request but not yet returned (not committed).
        await group.OutcomesRecorded.WaitAsync(Deadline);
        Assert.False(result.IsCompleted);

        group.Commit();
        Assert.Equal(50, await result.WaitAsync(Deadline));
    }

    [Fact]
    public async Task FailingGroup_FailsExactlyItsRequests_AndTheNextGroupCommits()
    {
        var queue = NewQueue(maxGroupSize: 64);
        var before = queue.EnqueueAsync(1, CancellationToken.None);
        var first = await NextGroupAsync();
        var failing = new[] { queue.EnqueueAsync(2, CancellationToken.None), queue.EnqueueAsync(3, CancellationToken.None) };
        first.Commit();
        var doomed = await NextGroupAsync();
        var after = queue.EnqueueAsync(4, CancellationToken.None);

        var lost = new IOException("connection lost");
        doomed.Fail(lost);
        var last = await NextGroupAsync();
        last.Commit();

        Assert.Equal([2, 3], doomed.Requests);
        Assert.Equal([4], last.Requests);
        Assert.Equal(10, await before.WaitAsync(Deadline));
        foreach (var request in failing)
        {
            Assert.Same(lost, await Assert.ThrowsAsync<IOException>(() => request.WaitAsync(Deadline)));
        }

        Assert.Equal(40, await after.WaitAsync(Deadline));
    }

    [Fact]
    public async Task GroupRolledBackByOneRequestsData_RerunsOneByOne_AndOnlyThatRequestFails()
    {
        var queue = NewQueue(maxGroupSize: 64);
        var first = queue.EnqueueAsync(1, CancellationToken.None);
        var running = await NextGroupAsync();
        var grouped = new[] { 12, 13, 14 }.Select(i => queue.EnqueueAsync(i, CancellationToken.None)).ToArray();
        running.Commit();

        // The group of three fails on 13's value (a request fault), then each runs alone.
        var poisoned = await NextGroupAsync();
        poisoned.Fail(new ArgumentException("13 is not storable"));
        var alone = new List<int[]>();
        for (var i = 0; i < 3; i++)
        {
            var group = await NextGroupAsync();
            alone.Add(group.Requests);
            if (group.Requests is [13])
            {
                group.Fail(new ArgumentException("13 is not storable"));
            }
            else
            {
                group.Commit();
            }
        }

        Assert.Equal([12, 13, 14], poisoned.Requests);
        Assert.Equal([[12], [13], [14]], alone);
        Assert.Equal(10, await first.WaitAsync(Deadline));
        Assert.Equal(120, await grouped[0].WaitAsync(Deadline));
        await Assert.ThrowsAsync<ArgumentException>(() => grouped[1].WaitAsync(Deadline));
        Assert.Equal(140, await grouped[2].WaitAsync(Deadline));
    }

    [Fact]
    public async Task RequestCancelledWhileWaiting_IsCancelled_AndNeverRuns()
    {
        var queue = NewQueue(maxGroupSize: 64);
        var first = queue.EnqueueAsync(1, CancellationToken.None);
        var running = await NextGroupAsync();
        using var cancel = new CancellationTokenSource();
        var cancelled = queue.EnqueueAsync(2, cancel.Token);
        var kept = queue.EnqueueAsync(3, CancellationToken.None);

        await cancel.CancelAsync();
        running.Commit();
        var next = await NextGroupAsync();
        next.Commit();

        Assert.Equal([3], next.Requests);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Deadline));
        Assert.Equal(10, await first.WaitAsync(Deadline));
        Assert.Equal(30, await kept.WaitAsync(Deadline));
    }

    private GroupCommitQueue<int, int> NewQueue(int maxGroupSize) =>
        new(new SqliteDialect(new SqliteStorageOptions { ConnectionString = _directory.NewDatabase() }), maxGroupSize, RunAsync, "test requests", NullLogger.Instance);

    private async Task<RunningGroup> NextGroupAsync()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        return await _started.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Records request x 10 for every request, then waits for the test to commit or fail the group.</summary>
    private async Task RunAsync(DbConnection connection, IReadOnlyList<GroupedRequest<int, int>> group, CancellationToken cancellationToken)
    {
        Assert.Equal(System.Data.ConnectionState.Open, connection.State);
        var running = new RunningGroup(group.Select(r => r.Request).ToArray());
        foreach (var request in group)
        {
            request.Record(request.Request * 10);
        }

        running.MarkRecorded();
        await _started.Writer.WriteAsync(running, cancellationToken);
        await running.Outcome;
    }

    private sealed class RunningGroup(int[] requests)
    {
        private readonly TaskCompletionSource _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _recorded = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int[] Requests { get; } = requests;

        public Task Outcome => _outcome.Task;

        public Task OutcomesRecorded => _recorded.Task;

        public void MarkRecorded() => _recorded.TrySetResult();

        public void Commit() => _outcome.TrySetResult();

        public void Fail(Exception error) => _outcome.TrySetException(error);
    }
}
