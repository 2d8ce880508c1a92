using BareMetal.Runtime.Messaging;
using BareMetal.Runtime.Timers;

namespace BareMetal.Runtime.Activations;

internal sealed partial class ActivationData
{
    // Lifecycle steps go through the scheduler's queue like turns (and run as tasks of the scheduler the same
    // way), which costs no delegate and no extra task per step. The drain runs on a thread-pool item that
    // carries no caller's async-locals, so lifecycle work never inherits a request context or trace.
    private static readonly object ActivateStep = new();
    private static readonly object DeactivateStep = new();

    /// <summary>Starts activating: constructs the grain, reads its state and runs OnActivateAsync, all as a turn.</summary>
    internal void StartActivation() => Scheduler.QueueWorkItem(ActivateStep);

    /// <summary>Asks the activation to deactivate once its running requests have finished.</summary>
    internal void RequestDeactivation(DeactivationReason reason)
    {
        lock (_lock)
        {
            RequestDeactivationLocked(reason);
        }
    }

    private void RequestDeactivationLocked(DeactivationReason reason)
    {
        if (_deactivateOnIdle)
        {
            return;
        }

        _deactivateOnIdle = true;
        _pendingDeactivationReason = reason;
        if (_state == ActivationState.Valid && _running.Count == 0)
        {
            StartDeactivationLocked();
        }
    }

    private void StartDeactivationLocked()
    {
        _state = ActivationState.Deactivating;
        Scheduler.QueueWorkItem(DeactivateStep);
    }

    private async Task ActivateAsync()
    {
        var startMs = Environment.TickCount64;
        var limit = _runtime.Collection.ActivationTimeout;

        // The timeout's timer starts only when a step actually waits: most steps complete at once, and
        // arming a timer for every activation of a short-lived grain is measurable.
        using var timeout = new CancellationTokenSource();
        try
        {
            if (_runtime.Locator.IsClustered)
            {
                // Only the winner of the directory registration may activate; everyone else forwards.
                var registering = _runtime.Locator.RegisterAsync(GrainId, timeout.Token);
                if (!registering.IsCompleted)
                {
                    timeout.CancelAfter(Remaining(startMs, limit));
                }

                var registration = (await registering)!;
                if (!registration.Silo.Equals(_runtime.Locator.LocalSilo))
                {
                    ForwardAllTo(registration.Silo);
                    return;
                }

                _registration = registration;
            }

            var instance = _runtime.Activator.CreateInstance(this, Metadata, out var states);
            GrainInstance = instance;
            for (var i = 0; i < states.Count; i++)
            {
                var reading = states[i].ReadStateAsync(timeout.Token);
                if (!reading.IsCompleted)
                {
                    timeout.CancelAfter(Remaining(startMs, limit));
                }

                await reading;
            }

            if (instance is Grain grain)
            {
                var activating = grain.OnActivateAsync(timeout.Token);
                if (!activating.IsCompleted)
                {
                    var remaining = Remaining(startMs, limit);
                    timeout.CancelAfter(remaining);
                    activating = activating.WaitAsync(remaining);
                }

                await activating;
            }
        }
        catch (Exception exception)
        {
            // The wait and the token's timer expire together; when the wait wins, the token must still tell the
            // grain's own work to stop (disposing the source would only drop its timer).
            await timeout.CancelAsync();
            FailActivation(exception);
            return;
        }

        lock (_lock)
        {
            _state = ActivationState.Valid;
            _lastActivityMs = Environment.TickCount64;
            if (_deactivateOnIdle && _waiting.Count == 0)
            {
                StartDeactivationLocked();
                return;
            }

            PumpLocked();
        }
    }

    private void ForwardAllTo(Cluster.SiloAddress silo)
    {
        var forward = LeaveCatalogAndTakeWaiting();

        foreach (var message in forward)
        {
            if (message.TimerTick is null)
            {
                _runtime.MessageCenter.Forward(message, silo);
            }
        }

        _deactivated.TrySetResult();
    }

    private void FailActivation(Exception exception)
    {
        LogActivationFailed(exception, GrainId);
        var failed = LeaveCatalogAndTakeWaiting();

        DisposeTimers();
        _deactivated.TrySetResult();
        var error = new GrainActivationException(GrainId, exception);
        foreach (var message in failed)
        {
            message.Sink.SetException(error);
        }
    }

    private async Task DeactivateAsync()
    {
        DisposeTimers();
        DeactivationReason reason;
        lock (_lock)
        {
            reason = _pendingDeactivationReason;
        }

        try
        {
            if (GrainInstance is Grain grain)
            {
                using var timeout = new CancellationTokenSource();
                var deactivating = grain.OnDeactivateAsync(reason, timeout.Token);
                if (!deactivating.IsCompleted)
                {
                    var limit = _runtime.Collection.DeactivationTimeout;
                    timeout.CancelAfter(limit);
                    deactivating = deactivating.WaitAsync(limit);
                }

                await deactivating;
            }
        }
        catch (Exception exception)
        {
            LogDeactivationFailed(exception, GrainId);
        }

        if (_registration is not null)
        {
            try
            {
                await _runtime.Locator.UnregisterAsync(_registration, CancellationToken.None);
            }
            catch (Exception exception)
            {
                // The registration stays until a live silo replaces it after this one is gone; harmless.
                LogDeactivationFailed(exception, GrainId);
            }
        }

        var forward = LeaveCatalogAndTakeWaiting();

        _runtime.Metrics.ActivationDeactivated();
        LogDeactivated(GrainId, reason);

        // Requests that arrived during deactivation go to a fresh activation (or, when the silo is
        // stopping, to the grain's next silo) before anyone waiting for this deactivation resumes.
        foreach (var message in forward)
        {
            if (message.TimerTick is null)
            {
                _catalog.Deliver(message);
            }
        }

        _deactivated.TrySetResult();
    }

    /// <summary>
    /// Leaves the catalog, then turns Invalid and hands back the requests still waiting. The order
    /// matters: a message that finds an Invalid activation is routed through the catalog again and must
    /// not find this one there; messages arriving from now on go to a new activation.
    /// </summary>
    private List<Message> LeaveCatalogAndTakeWaiting()
    {
        _catalog.Remove(this);
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            List<Message> waiting = [.. _waiting];
            _waiting.Clear();
            return waiting;
        }
    }

    private void DisposeTimers()
    {
        IGrainTimerTick[] timers;
        lock (_lock)
        {
            if (_timers is not { Count: > 0 })
            {
                return;
            }

            timers = [.. _timers];
            _timers.Clear();
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }

    /// <summary>What is left of <paramref name="limit"/> since <paramref name="startMs"/> (at least a millisecond).</summary>
    private static TimeSpan Remaining(long startMs, TimeSpan limit) =>
        TimeSpan.FromMilliseconds(Math.Max(1, limit.TotalMilliseconds - (Environment.TickCount64 - startMs)));

    /// <summary>Enqueues a timer tick; it runs as a turn like a request.</summary>
    internal void EnqueueTimerTick(IGrainTimerTick tick) => Enqueue(Message.ForTimerTick(GrainId, tick));
}
