using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Runtime.Transport;

/// <summary>
/// Accepts cluster connections on a TCP endpoint through Kestrel's socket transport (its
/// <see cref="IConnectionListenerFactory"/>, no HTTP), runs the handshake on each and hands the
/// authenticated ones to the <see cref="IFrameHandler"/>. A listener is always a silo: its identity
/// is the silo's address.
/// </summary>
/// <remarks>
/// Two steps, so a silo on port 0 can learn its port before it knows its own address:
/// <see cref="BindAsync"/> (the socket listens), then <see cref="Start"/> (connections are handled).
/// </remarks>
public sealed partial class ClusterListener : IAsyncDisposable
{
    private readonly IPEndPoint _endPoint;
    private readonly IFrameHandler _handler;
    private readonly TransportOptions _options;
    private readonly ILogger _logger;
    private readonly ILogger _connectionLogger;
    private readonly SocketTransportFactory _transportFactory;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly HashSet<ClusterConnection> _connections = [];
    private readonly TaskCompletionSource _handshakesDrained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IConnectionListener? _listener;
    private HandshakeSettings? _settings;
    private Task _acceptLoop = Task.CompletedTask;
    private Task? _stopTask;
    private int _handshakesInProgress;
    private bool _acceptLoopDone;
    private bool _stopped;

    /// <summary>Creates a listener; nothing is bound until <see cref="BindAsync"/>.</summary>
    /// <param name="endPoint">Where to listen; port 0 picks a free port (see <see cref="BoundEndPoint"/>).</param>
    /// <param name="mode">Whether clients are admitted (a gateway) or only silos.</param>
    /// <param name="handler">Receives the connections, their frames and their closing.</param>
    /// <param name="options">The transport options (validated here).</param>
    /// <param name="loggerFactory">For the listener's and its connections' log lines.</param>
    public ClusterListener(
        IPEndPoint endPoint,
        ClusterListenerMode mode,
        IFrameHandler handler,
        IOptions<TransportOptions> options,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        TransportOptionsValidator.ThrowIfInvalid(options.Value);
        _endPoint = endPoint;
        Mode = mode;
        _handler = handler;
        _options = options.Value;
        _logger = loggerFactory.CreateLogger<ClusterListener>();
        _connectionLogger = loggerFactory.CreateLogger<ClusterConnection>();
        _transportFactory = new SocketTransportFactory(Options.Create(SocketSettings.ForListener(_options)), loggerFactory);
    }

    /// <summary>Whether clients are admitted.</summary>
    public ClusterListenerMode Mode { get; }

    /// <summary>The endpoint actually bound (with the real port when 0 was asked for); <see langword="null"/> before <see cref="BindAsync"/>.</summary>
    public IPEndPoint? BoundEndPoint { get; private set; }

    /// <summary>The established inbound connections, at this moment.</summary>
    public IReadOnlyCollection<ClusterConnection> Connections
    {
        get
        {
            lock (_gate)
            {
                return [.. _connections.Where(c => !c.Closed.IsCompleted)];
            }
        }
    }

    /// <summary>Binds the endpoint. Connections queue in the backlog until <see cref="Start"/>.</summary>
    /// <param name="cancellationToken">Cancels the bind.</param>
    /// <returns>The bound endpoint.</returns>
    public async Task<IPEndPoint> BindAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            if (_listener is not null || BoundEndPoint is not null)
            {
                throw new InvalidOperationException("The listener is already bound.");
            }

            // Claims the bind while it runs, so a concurrent second call fails above.
            BoundEndPoint = _endPoint;
        }

        try
        {
            var listener = await _transportFactory.BindAsync(_endPoint, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _listener = listener;
                BoundEndPoint = (IPEndPoint)listener.EndPoint;
                return BoundEndPoint;
            }
        }
        catch
        {
            BoundEndPoint = null;
            throw;
        }
    }

    /// <summary>Starts accepting connections; call once, after <see cref="BindAsync"/>.</summary>
    /// <param name="localIdentity">This silo's <c>SiloAddress</c> string, sent to every peer.</param>
    public void Start(string localIdentity)
    {
        Identities.Validate(ClusterRole.Silo, localIdentity, nameof(localIdentity));
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            if (_listener is null)
            {
                throw new InvalidOperationException("BindAsync must complete before Start.");
            }

            if (_settings is not null)
            {
                throw new InvalidOperationException("The listener is already started.");
            }

            _settings = new HandshakeSettings(ClusterRole.Silo, localIdentity, isInitiator: false, acceptClients: Mode == ClusterListenerMode.SilosAndClients, _options);
            var listener = _listener;
            _acceptLoop = Task.Run(() => AcceptLoopAsync(listener));
        }

        LogStarted(_logger, BoundEndPoint!, Mode, localIdentity);
    }

    /// <summary>
    /// Stops accepting, abandons handshakes in progress and closes every accepted connection
    /// (each drains its queued frames first; see <see cref="ClusterConnection.DisposeAsync"/>).
    /// Idempotent.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the stop goes on).</param>
    /// <returns>Completes when the port is released and the connections are closed.</returns>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stopped = true;
            _stopTask ??= StopCoreAsync();
            return _stopTask.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Same as <see cref="StopAsync"/>.</summary>
    /// <returns>Completes when stopped.</returns>
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private async Task StopCoreAsync()
    {
        // Runs after the caller leaves _gate: the first await below must not be inside the lock.
        await Task.Yield();
        await _stopping.CancelAsync().ConfigureAwait(false);
        IConnectionListener? listener;
        Task acceptLoop;
        lock (_gate)
        {
            listener = _listener;
            acceptLoop = _acceptLoop;
        }

        if (listener is not null)
        {
            await listener.UnbindAsync().ConfigureAwait(false);
        }

        await acceptLoop.ConfigureAwait(false);
        lock (_gate)
        {
            _acceptLoopDone = true;
            if (_handshakesInProgress == 0)
            {
                _handshakesDrained.TrySetResult();
            }
        }

        await _handshakesDrained.Task.ConfigureAwait(false);
        ClusterConnection[] open;
        lock (_gate)
        {
            open = [.. _connections];
        }

        await Task.WhenAll(open.Select(c => c.DisposeAsync().AsTask())).ConfigureAwait(false);
        lock (_gate)
        {
            _connections.Clear();
        }

        if (listener is not null)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
            LogStopped(_logger, BoundEndPoint!, open.Length);
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(IConnectionListener listener)
    {
        while (true)
        {
            ConnectionContext? context;
            try
            {
                context = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                if (!_stopping.IsCancellationRequested)
                {
                    LogAcceptFailed(_logger, ex, BoundEndPoint!);
                }

                return;
            }

            if (context is null)
            {
                return;
            }

            lock (_gate)
            {
                _handshakesInProgress++;
            }

            _ = HandleAsync(context);
        }
    }

    private async Task HandleAsync(ConnectionContext context)
    {
        var remote = context.RemoteEndPoint ?? new IPEndPoint(IPAddress.None, 0);
        try
        {
            HandshakeResult peer;
            try
            {
                peer = await Handshake.RunAsync(context, _settings!, remote, _logger, _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ClusterHandshakeException || _stopping.IsCancellationRequested)
            {
                // Refusals are logged by the handshake; a stop abandons the rest.
                await Handshake.CloseAfterFailureAsync(context, ex).ConfigureAwait(false);
                return;
            }

            // Registered before the owner hears of it, so Connections already lists it in OnConnected.
            var connection = new ClusterConnection(context, peer, isInbound: true, remote, _handler, _options, _connectionLogger);
            bool stopping;
            lock (_gate)
            {
                stopping = _stopped;
                if (!stopping)
                {
                    _connections.Add(connection);
                }
            }

            if (!stopping)
            {
                _ = ForgetWhenClosedAsync(connection);
            }

            connection.Start();
            if (stopping)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            LogAcceptFailed(_logger, ex, remote);
            context.Abort();
        }
        finally
        {
            lock (_gate)
            {
                if (--_handshakesInProgress == 0 && _acceptLoopDone)
                {
                    _handshakesDrained.TrySetResult();
                }
            }
        }
    }

    private async Task ForgetWhenClosedAsync(ClusterConnection connection)
    {
        await connection.Closed.ConfigureAwait(false);
        lock (_gate)
        {
            _connections.Remove(connection);
        }
    }
}
