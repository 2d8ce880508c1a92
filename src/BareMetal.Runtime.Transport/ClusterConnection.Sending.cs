using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.ExceptionServices;

namespace BareMetal.Runtime.Transport;

/// <summary>
/// Sending. Senders append whole frames to the pipe under <see cref="_writeLock"/> (a few
/// microseconds) and never flush; the first sender after a flush wakes the single flush loop, which
/// commits everything appended so far with one FlushAsync. Frames sent while a flush is being
/// scheduled or is waiting for the socket pile up and go out together, so many small frames share
/// one send syscall. Backpressure lives in the flush loop alone (FlushAsync waits while Kestrel's
/// send buffer is over its limit); a sender never waits for the network.
/// </summary>
public sealed partial class ClusterConnection
{
    /// <summary>Bodies up to this size are copied in with the header in one span (one pool block).</summary>
    private const int InlineBodyLimit = 4096 - FrameFormat.HeaderSize;

    private readonly Lock _writeLock = new();
    private readonly SemaphoreSlim _flushSignal = new(0);
    private readonly FrameBodyWriter _bodyWriter = new();
    private bool _flushRequested;
    private bool _writesClosed;
    private long _framesQueued;
    private long _flushes;

    /// <summary>Frames appended so far (diagnostics: with <see cref="Flushes"/>, shows how well writes batch).</summary>
    internal long FramesQueued => Interlocked.Read(ref _framesQueued);

    /// <summary>Flushes the flush loop has made so far.</summary>
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

        bool wakeFlusher;
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
            wakeFlusher = RequestFlush();
        }

        if (wakeFlusher)
        {
            _flushSignal.Release();
        }
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
        bool wakeFlusher;
        lock (_writeLock)
        {
            ThrowIfWritesClosed();

            // The length is known only after the body is written, so the header is reserved first
            // and filled in afterwards. That is safe here: the output is a Pipe, which exposes
            // nothing to its reader (Kestrel's socket sender) before the flush loop's next
            // FlushAsync, and that needs this lock.
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
                // The receiver will refuse it; nothing after it can be trusted either.
                _writesClosed = true;
            }

            _framesQueued++;
            wakeFlusher = RequestFlush();
        }

        if (wakeFlusher)
        {
            _flushSignal.Release();
        }

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

    /// <summary>Under <see cref="_writeLock"/>: whether the caller must wake the flush loop.</summary>
    private bool RequestFlush()
    {
        if (_flushRequested)
        {
            return false;
        }

        _flushRequested = true;
        return true;
    }

    private void CloseWrites()
    {
        lock (_writeLock)
        {
            _writesClosed = true;
        }
    }

    private async Task FlushLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (true)
            {
                await _flushSignal.WaitAsync().ConfigureAwait(false);
                ValueTask<FlushResult> flush;
                bool last;
                lock (_writeLock)
                {
                    // Reset before flushing: a frame appended from now on needs another pass.
                    _flushRequested = false;
                    last = _writesClosed;
                    flush = _output.FlushAsync();
                    _flushes++;
                }

                // Awaited outside the lock: senders keep appending while the socket catches up.
                var result = await flush.ConfigureAwait(false);
                if (last || result.IsCanceled)
                {
                    break;
                }

                if (result.IsCompleted)
                {
                    failure = new ClusterTransportException($"The connection to {this} stopped sending.");
                    break;
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
        }

        if (failure is not null)
        {
            StartClose(failure, abort: true);
        }
    }
}
