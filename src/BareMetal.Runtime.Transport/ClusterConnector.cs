using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Runtime.Transport;

/// <summary>
/// Opens outbound cluster connections: a TCP socket wrapped as a Kestrel
/// <see cref="ConnectionContext"/> (<see cref="SocketConnectionContextFactory"/>), then the handshake.
/// Used by silos (to other silos) and by external clients (to gateways). Disposing it closes the
/// connections it made.
/// </summary>
public sealed partial class ClusterConnector : IAsyncDisposable
{
    private readonly IFrameHandler _handler;
    private readonly TransportOptions _options;
    private readonly HandshakeSettings _settings;
    private readonly ILogger _logger;
    private readonly ILogger _connectionLogger;
    private readonly SocketConnectionContextFactory _contextFactory;
    private readonly Lock _gate = new();
    private readonly HashSet<ClusterConnection> _connections = [];
    private bool _disposed;

    /// <summary>Creates a connector.</summary>
    /// <param name="localRole">What this process is.</param>
    /// <param name="localIdentity">Its identity: the <c>SiloAddress</c> string of a silo, or a client id.</param>
    /// <param name="handler">Receives the connections, their frames and their closing.</param>
    /// <param name="options">The transport options (validated here).</param>
    /// <param name="loggerFactory">For the connector's and its connections' log lines.</param>
    public ClusterConnector(
        ClusterRole localRole,
        string localIdentity,
        IFrameHandler handler,
        IOptions<TransportOptions> options,
        ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        if (!Enum.IsDefined(localRole))
        {
            throw new ArgumentOutOfRangeException(nameof(localRole), localRole, "Not a cluster role.");
        }

        Identities.Validate(localRole, localIdentity, nameof(localIdentity));

        TransportOptionsValidator.ThrowIfInvalid(options.Value);
        _handler = handler;
        _options = options.Value;
        _settings = new HandshakeSettings(localRole, localIdentity, isInitiator: true, acceptClients: false, _options);
        _logger = loggerFactory.CreateLogger<ClusterConnector>();
        _connectionLogger = loggerFactory.CreateLogger<ClusterConnection>();
        _contextFactory = new SocketConnectionContextFactory(SocketSettings.ForConnector(_options), _logger);
    }

    /// <summary>
    /// Connects to a silo's cluster port or gateway and runs the handshake. The connection is
    /// reported to <see cref="IFrameHandler.OnConnected"/> before this returns.
    /// </summary>
    /// <param name="remote">The silo's endpoint (an <see cref="IPEndPoint"/> or <see cref="DnsEndPoint"/>).</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The authenticated connection; check <see cref="ClusterConnection.RemoteIdentity"/> if a particular silo generation was expected.</returns>
    /// <exception cref="ClusterHandshakeException">Either side refused the connection during the handshake.</exception>
    /// <exception cref="ClusterTransportException">The TCP connection failed or timed out (<see cref="TransportOptions.ConnectTimeout"/>).</exception>
    public async Task<ClusterConnection> ConnectAsync(EndPoint remote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
        }

        var socket = await ConnectSocketAsync(remote, cancellationToken).ConfigureAwait(false);
        var context = _contextFactory.Create(socket);
        var remoteEndPoint = context.RemoteEndPoint ?? remote;
        HandshakeResult peer;
        try
        {
            peer = await Handshake.RunAsync(context, _settings, remoteEndPoint, _logger, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await Handshake.CloseAfterFailureAsync(context, ex).ConfigureAwait(false);
            throw;
        }

        var connection = new ClusterConnection(context, peer, isInbound: false, remoteEndPoint, _handler, _options, _connectionLogger);
        bool disposed;
        lock (_gate)
        {
            disposed = _disposed;
            if (!disposed)
            {
                _connections.Add(connection);
            }
        }

        if (!disposed)
        {
            _ = ForgetWhenClosedAsync(connection);
        }

        if (!connection.Start())
        {
            throw await connection.Closed.ConfigureAwait(false) ?? new ClusterTransportException($"The frame handler refused the connection to {remoteEndPoint}.");
        }

        if (disposed)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new ObjectDisposedException(nameof(ClusterConnector));
        }

        return connection;
    }

    /// <summary>Closes the connections this connector made (each drains its queued frames first) and releases its buffers.</summary>
    /// <returns>Completes when they are closed.</returns>
    public async ValueTask DisposeAsync()
    {
        ClusterConnection[] open;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            open = [.. _connections];
        }

        await Task.WhenAll(open.Select(c => c.DisposeAsync().AsTask())).ConfigureAwait(false);
        _contextFactory.Dispose();
    }

    private async Task<Socket> ConnectSocketAsync(EndPoint remote, CancellationToken cancellationToken)
    {
        var socket = remote is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.NoDelay = true;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(remote, timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            var message = $"Connecting to {remote} timed out after {_options.ConnectTimeout.TotalMilliseconds:0} ms.";
            LogConnectFailed(_logger, remote, message);
            throw new ClusterTransportException(message);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            var message = $"Connecting to {remote} failed: {ex.SocketErrorCode} ({ex.Message}).";
            LogConnectFailed(_logger, remote, message);
            throw new ClusterTransportException(message, ex);
        }
        catch
        {
            socket.Dispose();
            throw;
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
