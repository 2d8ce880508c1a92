using BareMetal.Runtime.Activations;
using Microsoft.Extensions.Logging;

namespace BareMetal.Runtime.Timers;

/// <summary>
/// An in-memory timer of one activation. When due it enqueues a tick into the activation's mailbox,
/// so the callback runs as a turn (never in parallel with a request unless Interleave is set); the
/// next period starts when the tick has finished, so ticks never overlap.
/// </summary>
internal sealed partial class GrainTimer<TState>(
    ActivationData owner,
    Func<TState, CancellationToken, Task> callback,
    TState state,
    GrainTimerCreationOptions options,
    TimeProvider timeProvider,
    ILogger logger) : IGrainTimer, IGrainTimerTick
{
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private TimeSpan _period = options.Period;

    public bool Interleave => options.Interleave;

    public bool KeepAlive => options.KeepAlive;

    public void Start()
    {
        lock (_lock)
        {
            _timer = timeProvider.CreateTimer(static s => ((GrainTimer<TState>)s!).OnDue(), this, options.DueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            _period = period;
            _timer?.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public async Task RunTickAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await callback(state, _disposed.Token);
        }
        catch (Exception exception) when (!_disposed.IsCancellationRequested)
        {
            LogTickFailed(logger, exception, owner.GrainId);
        }
        catch (OperationCanceledException)
        {
            // Disposed during the tick.
        }

        lock (_lock)
        {
            if (!_disposed.IsCancellationRequested && _period != Timeout.InfiniteTimeSpan)
            {
                _timer?.Change(_period, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            _disposed.Cancel();
            _timer?.Dispose();
        }

        owner.RemoveTimer(this);
    }

    private void OnDue()
    {
        if (!_disposed.IsCancellationRequested)
        {
            owner.EnqueueTimerTick(this);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer callback of grain {GrainId} failed")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, GrainId grainId);
}
