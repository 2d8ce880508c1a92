using BareMetal.Provisioning.Drivers;

namespace BareMetal.Drivers.Tests;

/// <summary>Records every callback; tests wait for the Nth one with a deadline.</summary>
internal sealed class RecordingCallbackSink : IDriverCallbackSink
{
    private readonly Lock _gate = new();
    private readonly List<DriverCallback> _callbacks = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<DriverCallback> Callbacks
    {
        get
        {
            lock (_gate)
            {
                return [.. _callbacks];
            }
        }
    }

    public Task ReportAsync(DriverCallback callback, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _callbacks.Add(callback);
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits for at least <paramref name="count"/> callbacks; throws naming <paramref name="what"/> at the deadline.</summary>
    public async Task<IReadOnlyList<DriverCallback>> WaitForCountAsync(int count, string what, TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_callbacks.Count >= count)
                {
                    return [.. _callbacks];
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"Timed out waiting for callback {count}: {what}; got {Callbacks.Count}.");
            }
        }
    }
}
