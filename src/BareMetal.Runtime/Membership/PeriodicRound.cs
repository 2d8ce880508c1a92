namespace BareMetal.Runtime.Membership;

/// <summary>
/// Runs one kind of periodic work (heartbeat, refresh, probes) on a <see cref="TimeProvider"/> timer,
/// never two rounds at once: a tick that finds the previous round still running is skipped rather
/// than queued, so a slow table cannot build up a backlog.
/// </summary>
internal sealed class PeriodicRound(TimeProvider time, TimeSpan period, Func<CancellationToken, Task> work, Action<Exception> onError, CancellationToken cancellationToken) : IDisposable
{
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private Task _current = Task.CompletedTask;
    private bool _halted;

    /// <summary>The round in flight, or a completed task (tests await it after moving fake time).</summary>
    public Task Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Starts ticking: the first round after one period, then every period.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_halted || _timer is not null)
            {
                return;
            }

            _timer = time.CreateTimer(static s => ((PeriodicRound)s!).Tick(), this, period, period);
        }
    }

    /// <summary>Stops ticking without waiting; a round in flight finishes (see <see cref="HaltAsync"/>).</summary>
    public void Halt()
    {
        ITimer? timer;
        lock (_lock)
        {
            _halted = true;
            timer = _timer;
            _timer = null;
        }

        timer?.Dispose();
    }

    /// <summary>Stops ticking and waits for the round in flight.</summary>
    public async Task HaltAsync()
    {
        Halt();
        await Current.ConfigureAwait(false);
    }

    public void Dispose() => Halt();

    private void Tick()
    {
        TaskCompletionSource done;
        lock (_lock)
        {
            if (_halted || !_current.IsCompleted)
            {
                return;
            }

            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _current = done.Task;
        }

        _ = RunAsync(done);
    }

    private async Task RunAsync(TaskCompletionSource done)
    {
        try
        {
            await work(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The agent is stopping.
        }
        catch (Exception exception)
        {
            onError(exception);
        }
        finally
        {
            done.SetResult();
        }
    }
}
