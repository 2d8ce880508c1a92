using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.ExceptionServices;

namespace BareMetal.Runtime.Transport;

/// <summary>
/// Sending ("first writer flushes"). A sender appends its whole frame to the pipe under
/// <see cref="_writeLock"/> and commits it with a FlushAsync that, normally, completes at once: it
/// only hands the bytes to Kestrel's socket sender, which drains everything committed since its
/// last send in one syscall, so frames from many threads share sends. When Kestrel's send buffer
/// is over its limit the FlushAsync stays pending; from then on senders only append, and the single
/// flush loop awaits that flush and commits everything that piled up meanwhile with one more.
/// Backpressure thus lives in the flush loop alone: a sender never waits for the network.
/// </summary>
public sealed partial class ClusterConnection
{
    /// <summary>Bodies up to this size are copied in with the header in one span (one pool block).</summary>
    private const int InlineBodyLimit = 4096 - FrameFormat.HeaderSize;

    private readonly Lock _writeLock = new();
    private readonly SemaphoreSlim _flushSignal = new(0);
    private readonly FrameBodyWriter _bodyWriter = new();
    private bool _flushRequested; // frames appended while a flush waits on backpressure
    private bool _flushBusy; // a flush is pending; only the flush loop flushes until it clears
    private ValueTask<FlushResult> _pendingFlush;
    private bool _writesClosed;
    private long _framesQueued;
    private long _flushes;

    /// <summary>Frames appended so far (diagnostics: with <see cref="Flushes"/>, shows how well writes batch).</summary>
    internal long FramesQueued => Interlocked.Read(ref _framesQueued);

    /// <summary>FlushAsync calls (commits) so far, by senders and the flush loop.</summary>
    internal long Flushes => Interlocked.Read(ref _flushes);

    /// <summary>Queues a frame. Thread-safe; returns without waiting for the network.</summary>
    /// <param name="kind">An application kind (<see cref="FrameKind.Request"/> or above).</param>
    /// <param name="body">The body; copied before this method returns.</param>
    /// <exception cref="ArgumentOutOfRangeException">The kind is reserved for the handshake.</exception>
    /// <exception cref="ArgumentException">The frame would exceed <see cref="TransportOptions.MaxFrameSize"/>.</exception>
    /// <exception cref="ClusterTransportException">The connection is closed.</exception>
    public void Send(FrameKind kind, ReadOnlySpan<byte> body)
    {
        CheckKind(kind);
        CheckNotInsideBodyWriter();
        var frameLength = (long)body.Length + 1;
        if (frameLength > _maxFrameSize)
        {
            throw new ArgumentException($"A frame of {frameLength} bytes exceeds MaxFrameSize ({_maxFrameSize} bytes).", nameof(body));
        }

        FlushOutcome outcome;
        lock (_writeLock)
        {
            ThrowIfWritesClosed();
            if (body.Length <= InlineBodyLimit)
            {
                var span = _output.GetSpan(FrameFormat.HeaderSize + body.Length);
                FrameFormat.WriteHeader(span, (int)frameLength, (byte)kind);
                body.CopyTo(span[FrameFormat.HeaderSize..]);
                _output.Advance(FrameFormat.HeaderSize + body.Length);
            }
            else
            {
                FrameFormat.WriteHeader(_output.GetSpan(FrameFormat.HeaderSize), (int)frameLength, (byte)kind);
                _output.Advance(FrameFormat.HeaderSize);
                _output.Write(body);
            }

            _framesQueued++;
            outcome = CommitOrDefer();
        }

        AfterCommit(outcome);
    }

    /// <summary>
    /// Queues a frame whose body <paramref name="writeBody"/> serializes straight into the connection's
    /// output (no intermediate buffer). Thread-safe; returns without waiting for the network. The
    /// writer runs under the connection's write lock, so keep it short.
    /// </summary>
    /// <typeparam name="TState">What the body is written from.</typeparam>
    /// <param name="kind">An application kind (<see cref="FrameKind.Request"/> or above).</param>
    /// <param name="writeBody">Writes the body.</param>
    /// <param name="state">Passed to <paramref name="writeBody"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The kind is reserved for the handshake.</exception>
    /// <exception cref="ArgumentException">
    /// The body exceeded <see cref="TransportOptions.MaxFrameSize"/>. It was already in the stream, so
    /// the connection is aborted: keep bodies under the limit.
    /// </exception>
    /// <exception cref="ClusterTransportException">The connection is closed.</exception>
    /// <remarks>
    /// If <paramref name="writeBody"/> throws, its exception propagates and the connection stays
    /// usable: the partial body is sent as a frame the receiver drops.
    /// </remarks>
    public void Send<TState>(FrameKind kind, BodyWriter<TState> writeBody, TState state)
    {
        CheckKind(kind);
        ArgumentNullException.ThrowIfNull(writeBody);
        CheckNotInsideBodyWriter();
        Exception? bodyFailure = null;
        long frameLength;
        FlushOutcome outcome;
        lock (_writeLock)
        {
            ThrowIfWritesClosed();

            // The length is known only after the body is written, so the header is reserved first
            // and filled in afterwards. That is safe here: the output is a Pipe, which exposes
            // nothing to its reader (Kestrel's socket sender) before the next FlushAsync, and every
            // FlushAsync is made under this lock.
            var header = _output.GetMemory(FrameFormat.HeaderSize);
            _output.Advance(FrameFormat.HeaderSize);
            _bodyWriter.Attach(_output);
            try
            {
                writeBody(_bodyWriter, state);
            }
            catch (Exception ex)
            {
                bodyFailure = ex;
            }
            finally
            {
                _bodyWriter.Detach();
            }

            frameLength = _bodyWriter.Written + 1;
            var kindByte = bodyFailure is null ? (byte)kind : FrameFormat.DiscardKind;
            FrameFormat.WriteHeader(header.Span, (int)Math.Min(frameLength, int.MaxValue), kindByte);
            if (frameLength > _maxFrameSize)
            {
                // The receiver would refuse it and nothing after it could be trusted: never commit it.
                _writesClosed = true;
                outcome = FlushOutcome.Done;
            }
            else
            {
                _framesQueued++;
                outcome = CommitOrDefer();
            }
        }

        AfterCommit(outcome);

        if (frameLength > _maxFrameSize)
        {
            var message = $"A frame of {frameLength} bytes exceeds MaxFrameSize ({_maxFrameSize} bytes); the connection to {this} is aborted.";
            StartClose(new ClusterTransportException(message), abort: true);
            throw new ArgumentException(message, nameof(writeBody), bodyFailure);
        }

        if (bodyFailure is not null)
        {
            ExceptionDispatchInfo.Throw(bodyFailure);
        }
    }

    private static void CheckKind(FrameKind kind)
    {
        if ((byte)kind < FrameFormat.FirstApplicationKind)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Frame kinds below Request are reserved for the transport's handshake.");
        }
    }

    private void CheckNotInsideBodyWriter()
    {
        if (_writeLock.IsHeldByCurrentThread)
        {
            // Only a BodyWriter runs under the lock: a send from it would land inside its own body.
            throw new InvalidOperationException("A BodyWriter must not send on the connection it is writing to.");
        }
    }

    private void ThrowIfWritesClosed()
    {
        if (_writesClosed)
        {
            var reason = _closed.Task.IsCompleted ? _closed.Task.Result : null;
            throw new ClusterTransportException($"The connection to {this} is closed.", reason);
        }
    }

    /// <summary>
    /// Under <see cref="_writeLock"/>, after appending a frame: commits it at once unless a flush is
    /// already waiting on backpressure, in which case the flush loop commits it (with everything
    /// else appended meanwhile) when that flush completes.
    /// </summary>
    private FlushOutcome CommitOrDefer()
    {
        if (_flushBusy)
        {
            _flushRequested = true;
            return FlushOutcome.Done;
        }

        var flush = _output.FlushAsync();
        _flushes++;
        if (!flush.IsCompleted)
        {
            _flushBusy = true;
            _pendingFlush = flush;
            return FlushOutcome.WakeFlushLoop;
        }

        var result = flush.Result;
        return result.IsCompleted || result.IsCanceled ? FlushOutcome.TransportGone : FlushOutcome.Done;
    }

    private void AfterCommit(FlushOutcome outcome)
    {
        switch (outcome)
        {
            case FlushOutcome.WakeFlushLoop:
                _flushSignal.Release();
                break;
            case FlushOutcome.TransportGone:
                StartClose(new ClusterTransportException($"The connection to {this} stopped sending."), abort: true);
                break;
        }
    }

    private void CloseWrites()
    {
        lock (_writeLock)
        {
            _writesClosed = true;
        }
    }

    /// <summary>
    /// Waits out backpressure: awaits the flush a sender left pending, then commits whatever piled up
    /// meanwhile in one go, until the output is below Kestrel's threshold again. Exits once writes
    /// are closed and nothing is pending.
    /// </summary>
    private async Task FlushLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (true)
            {
                await _flushSignal.WaitAsync().ConfigureAwait(false);
                ValueTask<FlushResult> flush;
                lock (_writeLock)
                {
                    if (!_flushBusy)
                    {
                        if (_writesClosed)
                        {
                            break;
                        }

                        continue;
                    }

                    flush = _pendingFlush;
                }

                while (true)
                {
                    // Awaited outside the lock: senders keep appending while the socket catches up.
                    var result = await flush.ConfigureAwait(false);
                    if (result.IsCanceled || result.IsCompleted)
                    {
                        if (!result.IsCanceled)
                        {
                            failure = new ClusterTransportException($"The connection to {this} stopped sending.");
                        }

                        return;
                    }

                    lock (_writeLock)
                    {
                        if (!_flushRequested)
                        {
                            _flushBusy = false;
                            _pendingFlush = default;
                            break;
                        }

                        _flushRequested = false;
                        flush = _output.FlushAsync();
                        _flushes++;
                    }
                }

                lock (_writeLock)
                {
                    if (_writesClosed)
                    {
                        break;
                    }
                }
            }
        }
        catch (Exception ex)
        {
            failure = new ClusterTransportException($"Sending to {this} failed: {ex.Message}", ex);
        }
        finally
        {
            _flushLoopExited.TrySetResult();
            if (failure is not null)
            {
                StartClose(failure, abort: true);
            }
        }
    }
}
