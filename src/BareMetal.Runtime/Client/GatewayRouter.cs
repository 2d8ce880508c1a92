using System.Buffers;
using System.Net;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.Messaging;
using BareMetal.Runtime.Messaging.Wire;
using BareMetal.Runtime.Networking;
using BareMetal.Runtime.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Runtime.Client;

/// <summary>
/// An external client's route into the cluster: a connection to every reachable gateway, each
/// call sent through one of them (chosen by the grain's hash, so one grain's calls stay ordered on
/// one connection), calls in flight on a lost gateway failed at once, and lost gateways retried in
/// the background.
/// </summary>
internal sealed partial class GatewayRouter : IMessageRouter, IFrameHandler, IAsyncDisposable
{
    private readonly ClusterClientOptions _options;
    private readonly CallbackRegistry _callbacks;
    private readonly MessageCodec _codec;
    private readonly ClusterConnector _connector;
    private readonly ILogger<GatewayRouter> _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ClusterConnection> _live = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClusterConnection> _leaving = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _disposed = new();
    private Task? _reconnectLoop;
    private volatile string[] _tableGateways = [];

    public GatewayRouter(ClusterClientOptions options, CallbackRegistry callbacks, MessageCodec codec, ILoggerFactory loggerFactory)
    {
        _options = options;
        _callbacks = callbacks;
        _codec = codec;
        _logger = loggerFactory.CreateLogger<GatewayRouter>();
        var transport = new TransportOptions
        {
            ClusterId = options.ClusterId,
            ClusterSecret = options.ClusterSecret,
            ConnectTimeout = options.ConnectTimeout,
        };
        _connector = new ClusterConnector(ClusterRole.Client, options.ClientId, this, Options.Create(transport), loggerFactory);
    }

    public int LiveGatewayCount
    {
        get
        {
            lock (_lock)
            {
                return _live.Count;
            }
        }
    }

    /// <summary>Connects to every configured gateway; succeeds when at least one answers.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await RefreshGatewaysFromTableAsync(cancellationToken);
        if (Candidates.Count == 0)
        {
            throw new InvalidOperationException($"{nameof(ClusterClientOptions)}.{nameof(ClusterClientOptions.Gateways)} is empty: name at least one gateway as host:port.");
        }

        var errors = new List<Exception>();
        await Task.WhenAll(Candidates.Select(async gateway =>
        {
            try
            {
                await ConnectOneAsync(gateway, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                lock (errors)
                {
                    errors.Add(exception);
                }
            }
        }));

        if (LiveGatewayCount == 0)
        {
            throw new SiloUnavailableException(
                $"No gateway of cluster '{_options.ClusterId}' could be reached ({string.Join(", ", Candidates)}): {string.Join("; ", errors.Select(e => e.Message))}");
        }

        _reconnectLoop = ReconnectLoopAsync();
    }

    public void Send(Message message)
    {
        ClusterConnection? connection = null;
        lock (_lock)
        {
            if (_live.Count > 0)
            {
                var all = _live.Values.ToArray();
                connection = all[(int)(message.Target.GetUniformHashCode() % (uint)all.Length)];
            }
        }

        if (connection is null)
        {
            message.Sink.SetException(new SiloUnavailableException($"No gateway is reachable; call to {message.Target} not sent. The client keeps retrying the gateways."));
            return;
        }

        if (message.Sink is IPendingCall pending)
        {
            pending.SentTo = connection.RemoteSilo;
        }

        SiloMessenger.ForwardCancellation(connection, message.Id, message);

        try
        {
            connection.Send(FrameKind.Request, static (writer, state) => state.Codec.WriteRequest(writer, state.Message.Id, state.Message, 0), (Codec: _codec, Message: message));
        }
        catch (Exception exception) when (exception is ClusterTransportException or ObjectDisposedException or InvalidOperationException)
        {
            message.Sink.SetException(new SiloUnavailableException($"Gateway {connection.RemoteEndPoint} failed while sending to {message.Target}: {exception.Message}", exception));
        }
    }

    public void OnConnected(ClusterConnection connection)
    {
    }

    public void OnFrame(ClusterConnection connection, FrameKind kind, ReadOnlySequence<byte> body)
    {
        if (kind == FrameKind.Response)
        {
            ResponseReceiver.Dispatch(body, _callbacks, _codec.Serializer, onLocation: null);
        }
        else if (kind == FrameKind.Leave)
        {
            // The gateway is shutting down: send new calls elsewhere, let the ones in flight finish.
            lock (_lock)
            {
                foreach (var (gateway, live) in _live.Where(p => ReferenceEquals(p.Value, connection)).ToList())
                {
                    _live.Remove(gateway);
                    _leaving[gateway] = live;
                }
            }
        }
        else if (kind == FrameKind.Ping)
        {
            connection.Send(FrameKind.Pong, static (writer, bytes) => writer.Write(bytes), body.ToArray());
        }
    }

    public void OnClosed(ClusterConnection connection, Exception? reason)
    {
        string? lost = null;
        lock (_lock)
        {
            foreach (var (gateway, live) in _live.Concat(_leaving))
            {
                if (ReferenceEquals(live, connection))
                {
                    lost = gateway;
                }
            }

            if (lost is not null)
            {
                _live.Remove(lost);
                _leaving.Remove(lost);
            }
        }

        if (lost is not null && connection.RemoteSilo is { } silo)
        {
            var failed = _callbacks.FailAllSentTo(silo, call => new ConnectionLostException(
                $"The connection to gateway {lost} was lost while calling grain {call.Target}; retry (another gateway will be used)."));
            LogGatewayLost(_logger, lost, failed, reason?.Message ?? "closed");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        if (_reconnectLoop is not null)
        {
            await _reconnectLoop;
        }

        ClusterConnection[] connections;
        lock (_lock)
        {
            connections = [.. _live.Values];
            _live.Clear();
        }

        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        await _connector.DisposeAsync();
    }

    /// <summary>The configured gateways plus those the membership table lists as active.</summary>
    private IReadOnlyList<string> Candidates => [.. _options.Gateways.Union(_tableGateways)];

    private async Task RefreshGatewaysFromTableAsync(CancellationToken cancellationToken)
    {
        if (_options.MembershipTable is { } table)
        {
            var rows = await table.ReadAllAsync(cancellationToken);
            _tableGateways = [.. rows.Select(r => r.Entry)
                .Where(e => e.Status == Cluster.SiloStatus.Active && e.GatewayPort > 0)
                .Select(e => $"{e.Silo.Host}:{e.GatewayPort}")];
        }
    }

    private async Task ConnectOneAsync(string gateway, CancellationToken cancellationToken)
    {
        var connection = await _connector.ConnectAsync(ParseEndPoint(gateway), cancellationToken);
        lock (_lock)
        {
            _live[gateway] = connection;
        }

        if (connection.Closed.IsCompleted)
        {
            OnClosed(connection, null);
        }
    }

    private async Task ReconnectLoopAsync()
    {
        while (!_disposed.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.ReconnectPeriod, _disposed.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await RefreshGatewaysFromTableAsync(_disposed.Token);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogTableReadFailed(_logger, exception);
            }

            string[] missing;
            lock (_lock)
            {
                missing = Candidates.Where(g => !_live.ContainsKey(g) && !_leaving.ContainsKey(g)).ToArray();
            }

            foreach (var gateway in missing)
            {
                try
                {
                    await ConnectOneAsync(gateway, _disposed.Token);
                    LogGatewayReconnected(_logger, gateway);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !_disposed.IsCancellationRequested)
                {
                    // Still down; try again next period.
                }
            }
        }
    }

    private static EndPoint ParseEndPoint(string gateway)
    {
        var colon = gateway.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(gateway.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port))
        {
            throw new FormatException($"Gateway '{gateway}' is not host:port.");
        }

        var host = gateway[..colon];
        return IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(host, port);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway {Gateway} lost ({Reason}); failed {Count} calls in flight")]
    private static partial void LogGatewayLost(ILogger logger, string gateway, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading gateways from the membership table failed; keeping the known ones")]
    private static partial void LogTableReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconnected to gateway {Gateway}")]
    private static partial void LogGatewayReconnected(ILogger logger, string gateway);
}
