namespace BareMetal.Runtime.Scheduling;

/// <summary>
/// Runs the work of one activation one item at a time on the thread pool: turn starts and the
/// continuations of awaits inside grain code (which capture this scheduler as TaskScheduler.Current).
/// That is what makes a grain single-threaded without locks: interleaving can only happen at await
/// points, and only when the activation admits another request.
/// </summary>
/// <remarks>
/// The queue is a plain queue under a lock rather than a lock-free one: there is one scheduler per
/// activation and it rarely holds more than a few items, and a lock-free queue's first segment was a
/// quarter of what an activation allocated.
/// </remarks>
internal sealed class ActivationTaskScheduler(IActivationWorkRunner runner, int maxItemsPerDrain) : TaskScheduler, IThreadPoolWorkItem
{
    private readonly Queue<object> _queue = new(4);
    private int _scheduled;
    private Task? _inlineCandidate;

    /// <summary>Whether a drain is running or queued (for diagnostics).</summary>
    public bool IsScheduled => Volatile.Read(ref _scheduled) != 0;

    public int QueuedCount
    {
        get
        {
            lock (_queue)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Queues a non-task work item (a turn to start); the runner gets it on the activation's thread.</summary>
    public void QueueWorkItem(object item)
    {
        Enqueue(item);
        ScheduleDrain();
    }

    /// <summary>Runs <paramref name="task"/> now, on the current drain (used to start a turn as a task of this scheduler).</summary>
    public void RunInline(Task task)
    {
        _inlineCandidate = task;
        try
        {
            task.RunSynchronously(this);
        }
        finally
        {
            _inlineCandidate = null;
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        var processed = 0;
        while (processed < maxItemsPerDrain && TryDequeue(out var item))
        {
            processed++;
            if (item is Task task)
            {
                TryExecuteTask(task);
            }
            else
            {
                runner.RunWorkItem(item);
            }
        }

        // Clear the flag before re-checking the queue: an enqueue that saw the flag set relies on this check.
        Volatile.Write(ref _scheduled, 0);
        if (QueuedCount != 0)
        {
            ScheduleDrain();
        }
    }

    protected override void QueueTask(Task task)
    {
        Enqueue(task);
        ScheduleDrain();
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        ReferenceEquals(task, _inlineCandidate) && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_queue)
        {
            return _queue.OfType<Task>().ToArray();
        }
    }

    private void Enqueue(object item)
    {
        lock (_queue)
        {
            _queue.Enqueue(item);
        }
    }

    private bool TryDequeue(out object item)
    {
        lock (_queue)
        {
            return _queue.TryDequeue(out item!);
        }
    }

    private void ScheduleDrain()
    {
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }
    }
}
