using System.IO.Pipelines;
using System.Net;
using BareMetal.Runtime.Cluster;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace BareMetal.Runtime.Transport;

/// <summary>
/// One established, authenticated connection to a silo or a client. Sends are thread-safe and never
/// wait for the network; received frames go to the owner's <see cref="IFrameHandler"/>; loss of the
/// connection is reported once, through <see cref="IFrameHandler.OnClosed"/> and <see cref="Closed"/>.
/// </summary>
public sealed partial class ClusterConnection : IAsyncDisposable
{
    /// <summary>How long <see cref="DisposeAsync"/> lets queued frames drain before it aborts instead.</summary>
    private static readonly TimeSpan GracefulCloseTimeout = TimeSpan.FromSeconds(5);

    private readonly ConnectionContext _context;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly IFrameHandler _handler;
    private readonly ILogger _logger;
    private readonly int _maxFrameSize;
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _readLoopExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _flushLoopExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _closeStarted;

    internal ClusterConnection(
        ConnectionContext context,
        HandshakeResult peer,
        bool isInbound,
        EndPoint remoteEndPoint,
        IFrameHandler handler,
        TransportOptions options,
        ILogger logger)
    {
        _context = context;
        _input = context.Transport.Input;
        _output = context.Transport.Output;
        _handler = handler;
        _logger = logger;
        _maxFrameSize = options.MaxFrameSize;
        RemoteRole = peer.RemoteRole;
        RemoteIdentity = peer.RemoteIdentity;
        RemoteSilo = peer.RemoteRole == ClusterRole.Silo ? SiloAddress.Parse(peer.RemoteIdentity) : null;
        RemoteEndPoint = remoteEndPoint;
        IsInbound = isInbound;

        // Running from the start (it only waits for work), so closing works even before Start.
        _ = FlushLoopAsync();
    }

    /// <summary>Whether the remote is a silo or an external client.</summary>
    public ClusterRole RemoteRole { get; }

    /// <summary>The remote's authenticated identity: its <c>SiloAddress</c> string, or a client id.</summary>
    public string RemoteIdentity { get; }

    /// <summary>The remote silo's address (parsed from <see cref="RemoteIdentity"/>); <see langword="null"/> for a client.</summary>
    public SiloAddress? RemoteSilo { get; }

    /// <summary>The remote's TCP endpoint.</summary>
    public EndPoint RemoteEndPoint { get; }

    /// <summary>Whether the remote opened this connection (it was accepted by a <see cref="ClusterListener"/>).</summary>
    public bool IsInbound { get; }

    /// <summary>
    /// Completes (never faults) once the connection is closed and its socket released, with
    /// <see langword="null"/> when it was closed locally by <see cref="DisposeAsync"/>, otherwise
    /// with why it closed.
    /// </summary>
    public Task<Exception?> Closed => _closed.Task;

    /// <summary>
    /// Stops the connection at once, without draining queued frames; <paramref name="reason"/> is
    /// what <see cref="Closed"/> and <see cref="IFrameHandler.OnClosed"/> report.
    /// </summary>
    /// <param name="reason">Why.</param>
    public void Abort(Exception reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        StartClose(reason, abort: true);
    }

    /// <summary>Stops sending (frames already sent are still delivered), closes the connection and waits until it is closed.</summary>
    /// <returns>Completes when <see cref="Closed"/> does.</returns>
    public async ValueTask DisposeAsync()
    {
        StartClose(reason: null, abort: false);
        await _closed.Task.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => $"{RemoteRole} {RemoteIdentity} at {RemoteEndPoint}";

    /// <summary>
    /// Reports the connection to the owner and starts reading; called once, right after the owner
    /// (listener or connector) registered it. Returns <see langword="false"/> when
    /// <see cref="IFrameHandler.OnConnected"/> threw (logged; the connection is then closing, with
    /// that failure as its reason).
    /// </summary>
    internal bool Start()
    {
        try
        {
            _handler.OnConnected(this);
        }
        catch (Exception ex)
        {
            LogHandlerFailed(ex, nameof(IFrameHandler.OnConnected), RemoteEndPoint);
            StartClose(new ClusterTransportException($"The frame handler refused the connection to {this}: {ex.Message}", ex), abort: true);
            ReadLoopNeverStarted();
            return false;
        }

        bool closedAlready;
        lock (_writeLock)
        {
            closedAlready = _writesClosed;
        }

        if (closedAlready)
        {
            // Closed (by a stopping owner) between registration and here: there is nothing to read.
            ReadLoopNeverStarted();
            return true;
        }

        LogEstablished(IsInbound ? "inbound" : "outbound", RemoteRole, RemoteIdentity, RemoteEndPoint);
        _ = Task.Run(ReadLoopAsync);
        return true;
    }

    private void ReadLoopNeverStarted()
    {
        _input.Complete();
        _readLoopExited.TrySetResult();
    }

    private void StartClose(Exception? reason, bool abort)
    {
        if (Interlocked.Exchange(ref _closeStarted, 1) != 0)
        {
            return;
        }

        _ = CloseAsync(reason, abort);
    }

    private async Task CloseAsync(Exception? reason, bool abort)
    {
        try
        {
            CloseWrites();
            if (abort)
            {
                AbortTransport(reason);
            }

            _flushSignal.Release();
            if (!abort)
            {
                try
                {
                    await _flushLoopExited.Task.WaitAsync(GracefulCloseTimeout).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    AbortTransport(new ClusterTransportException($"The connection to {this} did not drain within {GracefulCloseTimeout}."));
                }
            }

            // Only the flush loop flushes; once it is gone the output can be completed safely,
            // which lets Kestrel send what is left and close the socket.
            await _flushLoopExited.Task.ConfigureAwait(false);
            await _output.CompleteAsync().ConfigureAwait(false);

            // Only the read loop reads; it completes the input itself on the way out.
            _input.CancelPendingRead();
            await _readLoopExited.Task.ConfigureAwait(false);

            var disposed = _context.DisposeAsync().AsTask();
            try
            {
                await disposed.WaitAsync(GracefulCloseTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                AbortTransport(new ClusterTransportException($"The connection to {this} did not close within {GracefulCloseTimeout}."));
                await disposed.ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            LogCloseFailed(ex, RemoteEndPoint);
        }
        finally
        {
            if (reason is null)
            {
                LogClosed(RemoteRole, RemoteIdentity, RemoteEndPoint);
            }
            else
            {
                LogLost(RemoteRole, RemoteIdentity, RemoteEndPoint, reason.Message);
            }

            try
            {
                _handler.OnClosed(this, reason);
            }
            catch (Exception ex)
            {
                LogHandlerFailed(ex, nameof(IFrameHandler.OnClosed), RemoteEndPoint);
            }

            _closed.TrySetResult(reason);
        }
    }

    private void AbortTransport(Exception? reason)
    {
        _context.Abort(new ConnectionAbortedException(reason?.Message ?? "The connection was closed.", reason ?? new ClusterTransportException("Closed.")));
        _output.CancelPendingFlush();
    }
}
