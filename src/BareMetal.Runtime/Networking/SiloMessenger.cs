using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using BareMetal.Runtime.Cluster;
using BareMetal.Runtime.Membership;
using BareMetal.Runtime.Messaging;
using BareMetal.Runtime.Messaging.Wire;
using BareMetal.Runtime.Placement;
using BareMetal.Runtime.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BareMetal.Runtime.Networking;

/// <summary>
/// The silo's side of the network: one outbound connection per remote silo (opened on first use,
/// re-opened after a loss), requests and responses encoded by the message codec, probes as
/// Ping/Pong frames, and prompt failure of every call in flight to a silo whose connection breaks
/// or which is declared dead.
/// </summary>
internal sealed partial class SiloMessenger : IRemoteMessageSender, ISiloProber, IFrameHandler, IAsyncDisposable
{
    private readonly ConcurrentDictionary<SiloAddress, Lazy<Task<ClusterConnection>>> _connections = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _probes = new();
    private readonly ConcurrentDictionary<(ClusterConnection Connection, long MessageId), Message> _cancellableIncoming = new();
    private readonly IServiceProvider _services;
    private readonly CallbackRegistry _callbacks;
    private GrainLocator? _locator;
    private readonly Lazy<ClusterConnector> _connector;
    private readonly ILogger<SiloMessenger> _logger;
    private readonly IClusterMembershipService _membership;
    private SiloAddress? _localSilo;
    private MessageCodec? _codec;
    private MessageCenter? _messageCenter;
    private long _nextProbeId;
    private volatile bool _leaving;
    private volatile bool _closed;

    public SiloMessenger(
        IServiceProvider services,
        CallbackRegistry callbacks,
        IClusterMembershipService membership,
        Microsoft.Extensions.Options.IOptions<TransportOptions> transport,
        ILoggerFactory loggerFactory)
    {
        _services = services;
        _callbacks = callbacks;
        _logger = loggerFactory.CreateLogger<SiloMessenger>();
        _membership = membership;
        _connector = new Lazy<ClusterConnector>(() => new ClusterConnector(ClusterRole.Silo, LocalSilo.ToString(), this, transport, loggerFactory));
        membership.ViewChanged += OnViewChanged;
    }

    // Resolved late: the local silo's address exists only once its listeners are bound, and they take this class as their frame handler.
    public SiloAddress LocalSilo => _localSilo ??= _services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    // Resolved late: the codec and message center sit above this class in the dependency graph.
    private MessageCodec Codec => _codec ??= _services.GetRequiredService<MessageCodec>();

    private MessageCenter MessageCenter => _messageCenter ??= _services.GetRequiredService<MessageCenter>();

    private GrainLocator Locator => _locator ??= _services.GetRequiredService<GrainLocator>();

    public void Send(SiloAddress silo, Message message)
    {
        long wireId;
        if (message.IsOneWay)
        {
            wireId = message.Id;
        }
        else if (message.Sink is IPendingCall pending)
        {
            // The caller waits in this process: its pending call is registered under the message id.
            pending.SentTo = silo;
            wireId = message.Id;
        }
        else
        {
            // A request that arrived from elsewhere and is passed on: relay the answer back under a new id.
            var relay = new RelayPendingCall(message, _callbacks) { SentTo = silo };
            _callbacks.Add(relay);
            wireId = relay.MessageId;
        }

        var connecting = GetConnection(silo);
        if (connecting.IsCompletedSuccessfully)
        {
            Write(connecting.Result, silo, wireId, message);
        }
        else
        {
            _ = SendWhenConnectedAsync(connecting, silo, wireId, message);
        }
    }

    public async Task<bool> ProbeAsync(SiloAddress silo, TimeSpan timeout, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref _nextProbeId);
        var pong = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _probes[id] = pong;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            var connection = await GetConnection(silo).WaitAsync(deadline.Token);
            connection.Send(FrameKind.Ping, static (writer, probeId) => WriteProbeId(writer, probeId), id);
            await pong.Task.WaitAsync(deadline.Token);
            return true;
        }
        catch (Exception exception) when (exception is OperationCanceledException or ClusterTransportException or SiloUnavailableException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            _probes.TryRemove(id, out _);
        }
    }

    public void OnConnected(ClusterConnection connection)
    {
    }

    public void OnFrame(ClusterConnection connection, FrameKind kind, ReadOnlySequence<byte> body)
    {
        switch (kind)
        {
            case FrameKind.Request:
                OnRequest(connection, body);
                break;
            case FrameKind.Response:
                OnResponse(body);
                break;
            case FrameKind.Ping:
                connection.Send(FrameKind.Pong, static (writer, id) => WriteProbeId(writer, id), ReadProbeId(body));
                break;
            case FrameKind.Cancel:
                if (_cancellableIncoming.TryRemove((connection, ReadProbeId(body)), out var cancelled))
                {
                    cancelled.RequestCancellation();
                }

                break;
            case FrameKind.Leave:
                if (connection.RemoteSilo is { } leaving)
                {
                    // The peer is shutting down: stop sending it new work now, before the table says so.
                    Locator.MarkUnreachable(leaving, TimeSpan.FromSeconds(30));
                    _ = RefreshMembershipAsync();
                }

                break;
            case FrameKind.Pong:
                if (_probes.TryGetValue(ReadProbeId(body), out var pong))
                {
                    pong.TrySetResult();
                }

                break;
        }
    }

    public void OnClosed(ClusterConnection connection, Exception? reason)
    {
        if (connection.RemoteSilo is not { } silo || connection.IsInbound)
        {
            return;
        }

        // Only outbound connections carry our requests; an inbound one closing fails nothing here.
        if (_connections.TryGetValue(silo, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && ReferenceEquals(lazy.Value.Result, connection))
        {
            _connections.TryRemove(KeyValuePair.Create(silo, lazy));
            var failed = _callbacks.FailAllSentTo(silo, call => new ConnectionLostException(
                $"The connection to silo {silo} was lost while calling grain {call.Target}: {reason?.Message ?? "closed"}."));
            LogConnectionLost(_logger, silo, failed, reason?.Message ?? "closed");
        }
    }

    public bool IsClosed => _closed;

    /// <summary>Closes every outbound connection (silo shutdown).</summary>
    public async Task CloseAllAsync()
    {
        _closed = true;
        if (_connector.IsValueCreated)
        {
            await _connector.Value.DisposeAsync();
        }
        foreach (var (silo, lazy) in _connections.ToArray())
        {
            _connections.TryRemove(silo, out _);
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                await lazy.Value.Result.DisposeAsync();
            }
        }
    }

    public ValueTask DisposeAsync() => new(CloseAllAsync());

    /// <summary>Tells every connected silo and client that this silo is leaving.</summary>
    public void AnnounceLeave(IEnumerable<ClusterConnection> inbound)
    {
        _leaving = true;
        var outbound = _connections.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully).Select(l => l.Value.Result);
        foreach (var connection in inbound.Concat(outbound))
        {
            try
            {
                connection.Send(FrameKind.Leave, ReadOnlySpan<byte>.Empty);
            }
            catch (Exception exception) when (exception is ClusterTransportException or ObjectDisposedException)
            {
                // Already closed: nothing to tell.
            }
        }
    }

    private async Task RefreshMembershipAsync()
    {
        try
        {
            await _services.GetRequiredService<MembershipAgent>().RefreshAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogRefreshFailed(_logger, exception);
        }
    }

    /// <summary>Waits (bounded) until no request this silo passed on for others is still waiting for its answer.</summary>
    public async Task DrainRelaysAsync(TimeSpan limit)
    {
        // Quiet twice in a row: a request that arrived just before the check may still be on its way out.
        var deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
        var quiet = 0;
        while (quiet < 2 && Environment.TickCount64 < deadline)
        {
            quiet = _callbacks.CountWhere(static c => c is RelayPendingCall) == 0 ? quiet + 1 : 0;
            await Task.Delay(25);
        }
    }

    private void OnRequest(ClusterConnection connection, ReadOnlySequence<byte> body)
    {
        if (connection.RemoteSilo is { } sender && _membership.CurrentView.IsDead(sender))
        {
            // A silo declared dead (a paused process waking up) must not get work done through others:
            // its callers were already told the calls failed. Refuse without running anything.
            RefuseFromDeadSilo(connection, body, sender);
            return;
        }

        WireRequest request;
        var bytes = body.IsSingleSegment ? body.FirstSpan : body.ToArray();
        try
        {
            request = Codec.ReadRequest(bytes);
        }
        catch (Exception exception) when (exception is InvalidDataException or System.Text.Json.JsonException or NotSupportedException)
        {
            var messageId = bytes.Length >= 8 ? BinaryPrimitives.ReadInt64LittleEndian(bytes) : 0;
            LogBadRequest(_logger, exception, connection.RemoteIdentity);
            connection.Send(FrameKind.Response, static (writer, state) => MessageCodec.WriteException(writer, state.Id, state.Silo, state.Error),
                (Id: messageId, Silo: LocalSilo, Error: (Exception)new InvalidOperationException($"Silo {LocalSilo} could not decode the request: {exception.Message}")));
            return;
        }

        var cancellable = !request.OneWay && (request.Request.Options & Invocation.InvokeMethodOptions.Cancellable) != 0;
        var key = (connection, request.MessageId);
        var sink = request.OneWay
            ? (Invocation.IResponseSink)NoResponseSink.Instance
            : new RemoteResponseSink(connection, request.MessageId, request.Target, request.Request.ResultType, Codec, LocalSilo,
                cancellable ? () => _cancellableIncoming.TryRemove(key, out _) : null);
        var message = new Message(request.Target, request.Request, sink)
        {
            CallChain = request.CallChain,
            Context = request.Context,
            TraceParent = request.TraceParent,
            TraceState = request.TraceState,
            DeadlineMs = request.RemainingMs < 0 ? long.MaxValue : Environment.TickCount64 + request.RemainingMs,
            ForwardCount = request.ForwardCount,
        };

        if (cancellable)
        {
            _cancellableIncoming[key] = message;
        }

        if (connection.RemoteRole == ClusterRole.Client)
        {
            // External clients do not route: the gateway routes for them like for a local caller.
            MessageCenter.Send(message);
        }
        else
        {
            MessageCenter.Receive(message);
        }
    }

    private void RefuseFromDeadSilo(ClusterConnection connection, ReadOnlySequence<byte> body, SiloAddress sender)
    {
        var messageId = ReadProbeId(body);
        connection.Send(FrameKind.Response, static (writer, state) => MessageCodec.WriteException(writer, state.Id, null, state.Error),
            (Id: messageId, Error: (Exception)new SiloUnavailableException($"Silo {sender} was declared dead; silo {LocalSilo} refuses its requests.")));
    }

    private void OnResponse(ReadOnlySequence<byte> body) =>
        ResponseReceiver.Dispatch(body, _callbacks, Codec.Serializer, (grain, silo) => Locator.Remember(grain, silo));

    private Task<ClusterConnection> GetConnection(SiloAddress silo)
    {
        var lazy = _connections.GetOrAdd(silo, s => new Lazy<Task<ClusterConnection>>(() => ConnectAsync(s)));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            // Retry on the next use rather than caching a failed connection attempt.
            _connections.TryRemove(KeyValuePair.Create(silo, lazy));
        }

        return task;
    }

    private async Task<ClusterConnection> ConnectAsync(SiloAddress silo)
    {
        var endpoint = IPAddress.TryParse(silo.Host, out var address)
            ? (EndPoint)new IPEndPoint(address, silo.Port)
            : new DnsEndPoint(silo.Host, silo.Port);
        try
        {
            var connection = await _connector.Value.ConnectAsync(endpoint, CancellationToken.None);
            if (_leaving)
            {
                // Connected while leaving (to hand work over): the peer must know not to send any back.
                connection.Send(FrameKind.Leave, ReadOnlySpan<byte>.Empty);
            }

            return connection;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new SiloUnavailableException($"Silo {silo} cannot be reached: {exception.Message}", exception);
        }
    }

    private async Task SendWhenConnectedAsync(Task<ClusterConnection> connecting, SiloAddress silo, long wireId, Message message)
    {
        ClusterConnection connection;
        try
        {
            connection = await connecting;
        }
        catch (Exception exception)
        {
            FailSend(silo, wireId, message, exception);
            return;
        }

        Write(connection, silo, wireId, message);
    }

    private void Write(ClusterConnection connection, SiloAddress silo, long wireId, Message message)
    {
        ForwardCancellation(connection, wireId, message);
        try
        {
            connection.Send(FrameKind.Request, static (writer, state) => state.Codec.WriteRequest(writer, state.WireId, state.Message, state.Message.ForwardCount),
                (Codec, WireId: wireId, Message: message));
        }
        catch (Exception exception)
        {
            FailSend(silo, wireId, message, exception);
        }
    }

    /// <summary>A cancellable call sent to another process passes its caller's cancellation on as a Cancel frame.</summary>
    internal static void ForwardCancellation(ClusterConnection connection, long wireId, Message message)
    {
        if (message.Request is { } request && (request.Options & Invocation.InvokeMethodOptions.Cancellable) != 0 && !message.IsOneWay)
        {
            message.CancellationForwarder = () =>
            {
                try
                {
                    connection.Send(FrameKind.Cancel, static (writer, id) => WriteProbeId(writer, id), wireId);
                }
                catch (Exception exception) when (exception is ClusterTransportException or ObjectDisposedException)
                {
                    // The connection is gone; the callee's deadline still stops the work.
                }
            };
        }
    }

    private void FailSend(SiloAddress silo, long wireId, Message message, Exception exception)
    {
        Locator.Forget(message.Target);
        if (exception is SiloUnavailableException or ClusterTransportException && message.ForwardCount < MessageCenter.MaxForwardCount)
        {
            // Never delivered: the silo cannot be reached (it is stopping, or dead and not yet declared
            // so). Route around it; the directory still decides who may host the grain.
            Locator.MarkUnreachable(silo);
            if (_callbacks.TryGet(wireId, out var relay) && relay is RelayPendingCall)
            {
                _callbacks.Remove(wireId);
            }

            if (message.Sink is IPendingCall local)
            {
                local.SentTo = null;
            }

            message.ForwardCount++;
            MessageCenter.Receive(message);
            return;
        }

        var error = exception as SiloUnavailableException
            ?? new SiloUnavailableException($"Sending {message} to silo {silo} failed: {exception.Message}", exception);
        if (_callbacks.TryGet(wireId, out var pending))
        {
            pending.Fail(error);
        }
        else if (!message.IsOneWay)
        {
            message.Sink.SetException(error);
        }
    }

    private void OnViewChanged(object? sender, ClusterMembershipChangedEventArgs change)
    {
        foreach (var silo in change.ChangedSilos)
        {
            if (!change.Current.IsDead(silo))
            {
                continue;
            }

            if (change.Previous.GetStatus(silo) == SiloStatus.ShuttingDown)
            {
                // It left gracefully: answers it already sent may still be in the socket. Calls left
                // unanswered fail when its connection closes (OnClosed), not now.
                continue;
            }

            var failed = _callbacks.FailAllSentTo(silo, call => new SiloUnavailableException(
                $"Silo {silo} was declared dead while calling grain {call.Target}; the grain will be reactivated elsewhere on the next call."));
            if (_connections.TryRemove(silo, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                _ = lazy.Value.Result.DisposeAsync().AsTask();
            }

            LogSiloDead(_logger, silo, failed);
        }
    }

    internal static void WriteProbeId(IBufferWriter<byte> writer, long id)
    {
        BinaryPrimitives.WriteInt64LittleEndian(writer.GetSpan(8), id);
        writer.Advance(8);
    }

    internal static long ReadProbeId(ReadOnlySequence<byte> body)
    {
        Span<byte> buffer = stackalloc byte[8];
        body.Slice(0, 8).CopyTo(buffer);
        return BinaryPrimitives.ReadInt64LittleEndian(buffer);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection to silo {Silo} lost ({Reason}); failed {Count} calls in flight")]
    private static partial void LogConnectionLost(ILogger logger, SiloAddress silo, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} declared dead; failed {Count} calls in flight to it")]
    private static partial void LogSiloDead(ILogger logger, SiloAddress silo, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refreshing membership after a Leave frame failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not decode a request from {Remote}")]
    private static partial void LogBadRequest(ILogger logger, Exception exception, string remote);
}
