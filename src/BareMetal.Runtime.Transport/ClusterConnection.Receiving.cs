using System.Buffers;

namespace BareMetal.Runtime.Transport;

/// <summary>
/// Receiving: one loop per connection parses every whole frame in the pipe's buffer in place and
/// hands each body to the handler as a slice of that buffer, then releases the buffer. The loop's
/// end (remote close, reset, protocol violation, local close) is what closes the connection.
/// </summary>
public sealed partial class ClusterConnection
{
    private long _reads;
    private long _framesReceived;

    /// <summary>Reads that returned data (diagnostics: with <see cref="FramesReceived"/>, shows how frames arrive batched).</summary>
    internal long Reads => Interlocked.Read(ref _reads);

    /// <summary>Frames handed to the handler so far.</summary>
    internal long FramesReceived => Interlocked.Read(ref _framesReceived);

    private async Task ReadLoopAsync()
    {
        Exception? reason = null;
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    // CloseAsync cancels the read when the connection is closed locally.
                    break;
                }

                var buffer = result.Buffer;
                _reads++;
                var consumed = DispatchFrames(buffer);
                if (result.IsCompleted)
                {
                    reason = new ClusterTransportException(buffer.Slice(consumed).IsEmpty
                        ? $"{this} closed the connection."
                        : $"{this} closed the connection in the middle of a frame.");
                    break;
                }

                _input.AdvanceTo(consumed, buffer.End);
            }
        }
        catch (ClusterTransportException ex)
        {
            reason = ex;
        }
        catch (Exception ex)
        {
            reason = new ClusterTransportException($"The connection to {this} was lost: {ex.Message}", ex);
        }
        finally
        {
            await _input.CompleteAsync().ConfigureAwait(false);
            _readLoopExited.TrySetResult();
        }

        StartClose(reason, abort: true);
    }

    /// <summary>Hands every whole frame in <paramref name="buffer"/> to the handler; returns where the unconsumed rest starts.</summary>
    private SequencePosition DispatchFrames(in ReadOnlySequence<byte> buffer)
    {
        var remaining = buffer;
        while (true)
        {
            var status = FrameFormat.TryRead(remaining, _maxFrameSize, out var kind, out var body, out var next, out var frameLength);
            switch (status)
            {
                case FrameReadStatus.Incomplete:
                    return remaining.Start;
                case FrameReadStatus.TooLarge:
                    LogFrameTooLarge(RemoteEndPoint, RemoteIdentity, frameLength, _maxFrameSize);
                    throw new ClusterTransportException(
                        $"{this} sent a frame of {frameLength} bytes, more than MaxFrameSize ({_maxFrameSize} bytes); the connection was closed.");
                case FrameReadStatus.Invalid:
                    throw ProtocolViolation($"a frame length of {frameLength}");
            }

            if (kind >= FrameFormat.FirstApplicationKind)
            {
                _framesReceived++;
                try
                {
                    _handler.OnFrame(this, (FrameKind)kind, body);
                }
                catch (Exception ex)
                {
                    LogHandlerFailed(ex, nameof(IFrameHandler.OnFrame), RemoteEndPoint);
                    throw new ClusterTransportException($"The frame handler failed on a {(FrameKind)kind} frame from {this}: {ex.Message}", ex);
                }
            }
            else if (kind != FrameFormat.DiscardKind)
            {
                throw ProtocolViolation($"a frame of reserved kind {kind} after the handshake");
            }

            remaining = remaining.Slice(next);
        }
    }

    private ClusterTransportException ProtocolViolation(string what)
    {
        LogProtocolViolation(RemoteEndPoint, RemoteIdentity, what);
        return new ClusterTransportException($"{this} sent {what}; the connection was closed.");
    }
}
