using BareMetal.Runtime.Invocation;
using BareMetal.Runtime.Messaging;

namespace BareMetal.Runtime.Activations;

internal sealed partial class ActivationData
{
    /// <summary>
    /// Accepts a message from any thread: starts it now when the activation may run it, queues it when
    /// it must wait its turn, refuses it when the queue is full or when waiting would deadlock.
    /// </summary>
    public void Enqueue(Message message)
    {
        Exception? rejection = null;
        lock (_lock)
        {
            if (_state == ActivationState.Valid)
            {
                // An idle activation runs the message at once; a busy one only if the message may
                // interleave (those jump the queue, so a status read is not stuck behind slow work).
                if (_running.Count == 0 ? _waiting.Count == 0 : MayStartNowLocked(message))
                {
                    StartLocked(message);
                    return;
                }

                if (_running.Count > 0 && IsDeadlockLocked(message))
                {
                    rejection = new DeadlockException([.. message.CallChain!.ToList(), GrainId]);
                }
            }

            if (_state != ActivationState.Invalid && rejection is null)
            {
                if (message.TimerTick is null && _waiting.Count >= _runtime.Scheduling.MaxEnqueuedRequests)
                {
                    _runtime.Metrics.Overloaded();
                    rejection = new GrainOverloadedException(GrainId, _waiting.Count, _runtime.Scheduling.OverloadRetryAfter);
                }
                else
                {
                    _waiting.Enqueue(message);
                    if (IsInterleavable(message))
                    {
                        _interleavableWaiting++;
                    }

                    return;
                }
            }
        }

        if (rejection is null)
        {
            // The activation left the catalog between lookup and enqueue: route again, which activates anew.
            _catalog.Deliver(message);
        }
        else
        {
            message.Sink.SetException(rejection);
        }
    }

    private void StartLocked(Message message)
    {
        _running.Add(message);
        if (CountsAsActivity(message))
        {
            _lastActivityMs = Environment.TickCount64;
        }

        Scheduler.QueueWorkItem(message);
    }

    private static bool CountsAsActivity(Message message) => message.TimerTick is not { KeepAlive: false };

    /// <summary>Whether <paramref name="message"/> may start while other requests are running.</summary>
    private bool MayStartNowLocked(Message message)
    {
        if (_running.Count == 0)
        {
            return true;
        }

        if (!IsInterleavable(message))
        {
            return false;
        }

        // Read-only requests interleave only with other read-only requests.
        var request = message.Request;
        if (request is not null && !Metadata.IsReentrant
            && (request.Options & (InvokeMethodOptions.AlwaysInterleave | InvokeMethodOptions.ReadOnly)) == InvokeMethodOptions.ReadOnly
            && Metadata.MayInterleave?.Invoke(request) != true)
        {
            foreach (var running in _running)
            {
                if (running.Request is null || (running.Request.Options & InvokeMethodOptions.ReadOnly) == 0)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private bool IsInterleavable(Message message)
    {
        if (message.TimerTick is { } tick)
        {
            return tick.Interleave;
        }

        var request = message.Request!;
        return Metadata.IsReentrant
            || (request.Options & (InvokeMethodOptions.AlwaysInterleave | InvokeMethodOptions.ReadOnly)) != 0
            || Metadata.MayInterleave?.Invoke(request) == true;
    }

    /// <summary>
    /// A request whose call chain contains one of this activation's running requests would wait for a
    /// turn that is itself waiting for the request: a deadlock. (Interleavable requests never get here.)
    /// </summary>
    private bool IsDeadlockLocked(Message message)
    {
        for (var entry = message.CallChain; entry is not null; entry = entry.Next)
        {
            if (entry.GrainId == GrainId)
            {
                foreach (var running in _running)
                {
                    if (running.Id == entry.MessageId)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Starts waiting messages that may run now, in arrival order.</summary>
    private void PumpLocked()
    {
        if (_state != ActivationState.Valid)
        {
            return;
        }

        while (_waiting.TryPeek(out var head))
        {
            if (head.IsAbandoned)
            {
                // The caller timed out or cancelled while this waited; running it would be wasted work.
                DequeueLocked();
                head.CompleteTurn();
                continue;
            }

            if (_running.Count != 0 && !MayStartNowLocked(head))
            {
                break;
            }

            DequeueLocked();
            StartLocked(head);
        }

        if (_interleavableWaiting > 0 && _waiting.Count > 0)
        {
            StartInterleavableBehindHeadLocked();
        }
    }

    /// <summary>Interleavable requests (status reads, [AlwaysInterleave]) need not wait behind a blocked one.</summary>
    private void StartInterleavableBehindHeadLocked()
    {
        var count = _waiting.Count;
        for (var i = 0; i < count; i++)
        {
            var message = _waiting.Dequeue();
            if (IsInterleavable(message) && MayStartNowLocked(message))
            {
                _interleavableWaiting--;
                StartLocked(message);
            }
            else
            {
                _waiting.Enqueue(message);
            }
        }
    }

    private void DequeueLocked()
    {
        var message = _waiting.Dequeue();
        if (IsInterleavable(message))
        {
            _interleavableWaiting--;
        }
    }

    private void OnTurnCompleted(Message message)
    {
        lock (_lock)
        {
            _running.Remove(message);
            if (CountsAsActivity(message))
            {
                _lastActivityMs = Environment.TickCount64;
            }

            if (_deactivateOnIdle && _running.Count == 0 && _state == ActivationState.Valid)
            {
                StartDeactivationLocked();
                return;
            }

            PumpLocked();
        }
    }
}
