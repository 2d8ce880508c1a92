using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using BareMetal.Runtime.Transport.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace BareMetal.Runtime.Transport.Tests;

public sealed class ClusterConnectionTests
{
    [Fact]
    public async Task Send_BothDirections_FramesArriveIntactWithTheirKinds()
    {
        await using var pair = await ConnectedPair.CreateAsync();

        pair.ClientSide.Send(FrameKind.Request, "ping from client"u8);
        var atServer = await pair.Server.Handler.Frames.Reader.ReadWithin("the request at the server");
        Assert.Equal(FrameKind.Request, atServer.Kind);
        Assert.Equal("ping from client", Encoding.UTF8.GetString(atServer.Body));
        Assert.Same(pair.ServerSide, atServer.Connection);

        atServer.Connection.Send(FrameKind.Response, static (writer, text) => writer.Write(Encoding.UTF8.GetBytes(text)), "pong from server");
        var atClient = await pair.Client.Handler.Frames.Reader.ReadWithin("the response at the client");
        Assert.Equal(FrameKind.Response, atClient.Kind);
        Assert.Equal("pong from server", Encoding.UTF8.GetString(atClient.Body));

        pair.ClientSide.Send(FrameKind.Ping, ReadOnlySpan<byte>.Empty);
        var empty = await pair.Server.Handler.Frames.Reader.ReadWithin("the empty ping at the server");
        Assert.Equal(FrameKind.Ping, empty.Kind);
        Assert.Empty(empty.Body);
    }

    [Fact]
    public async Task Handshake_Succeeds_BothSidesKnowEachOthersRoleAndIdentity()
    {
        await using var pair = await ConnectedPair.CreateAsync();

        Assert.Equal(ClusterRole.Silo, pair.ClientSide.RemoteRole);
        Assert.Equal(pair.Server.Address.ToString(), pair.ClientSide.RemoteIdentity);
        Assert.Equal(pair.Server.Address, pair.ClientSide.RemoteSilo);
        Assert.False(pair.ClientSide.IsInbound);
        Assert.Equal(pair.Server.EndPoint, pair.ClientSide.RemoteEndPoint);

        Assert.Equal(ClusterRole.Silo, pair.ServerSide.RemoteRole);
        Assert.Equal(pair.Client.Identity, pair.ServerSide.RemoteIdentity);
        Assert.True(pair.ServerSide.IsInbound);
        Assert.Contains(pair.ServerSide, pair.Server.Listener.Connections);
    }

    [Fact]
    public async Task Send_FiftyConcurrentSendersOfTwoThousandFrames_AllArriveIntactInPerSenderOrder()
    {
        const int Senders = 50;
        const int FramesPerSender = 2_000;
        await using var pair = await ConnectedPair.CreateAsync();
        var nextExpected = new int[Senders];
        var received = 0;
        string? failure = null;
        var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Server.Handler.OnFrameHook = (_, kind, body) =>
        {
            // Runs on the connection's read loop, one frame at a time.
            var bytes = body.ToArray();
            var sender = BinaryPrimitives.ReadInt32LittleEndian(bytes);
            var sequence = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
            if (failure is null && (kind != FrameKind.Request || sequence != nextExpected[sender] || !bytes.AsSpan().SequenceEqual(Body(sender, sequence))))
            {
                failure = $"sender {sender}: expected frame {nextExpected[sender]}, got {sequence} ({bytes.Length} bytes, kind {kind})";
            }

            nextExpected[sender] = sequence + 1;
            if (++received == Senders * FramesPerSender)
            {
                allReceived.TrySetResult();
            }
        };

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var senders = Enumerable.Range(0, Senders).Select(sender => Task.Run(async () =>
        {
            await go.Task;
            for (var sequence = 0; sequence < FramesPerSender; sequence++)
            {
                if (sender % 2 == 0)
                {
                    pair.ClientSide.Send(FrameKind.Request, Body(sender, sequence));
                }
                else
                {
                    pair.ClientSide.Send(FrameKind.Request, static (writer, state) => writer.Write(Body(state.Sender, state.Sequence)), (Sender: sender, Sequence: sequence));
                }
            }
        })).ToArray();
        go.SetResult();
        await Task.WhenAll(senders).Within("the senders to finish");
        await allReceived.Task.Within($"all {Senders * FramesPerSender} frames (received {Volatile.Read(ref received)})");

        Assert.Null(failure);
        Assert.All(nextExpected, n => Assert.Equal(FramesPerSender, n));

        Assert.Equal(Senders * FramesPerSender, pair.ClientSide.FramesQueued);
        Assert.Equal(Senders * FramesPerSender, pair.ServerSide.FramesReceived);

        static byte[] Body(int sender, int sequence)
        {
            // Lengths vary from 8 to 71 bytes so frames straddle buffer boundaries.
            var body = new byte[8 + ((sender * 31) + sequence) % 64];
            BinaryPrimitives.WriteInt32LittleEndian(body, sender);
            BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(4), sequence);
            for (var i = 8; i < body.Length; i++)
            {
                body[i] = (byte)(sender ^ sequence ^ i);
            }

            return body;
        }
    }

    [Fact]
    public async Task Send_OneMebibyteFrame_RoundTripsIntactBothWays()
    {
        await using var pair = await ConnectedPair.CreateAsync();
        var payload = new byte[1024 * 1024];
        new Random(42).NextBytes(payload);

        pair.ClientSide.Send(FrameKind.Request, payload);
        var atServer = await pair.Server.Handler.Frames.Reader.ReadWithin("the 1 MiB request at the server");
        Assert.Equal(payload, atServer.Body);

        pair.ServerSide.Send(FrameKind.Response, static (writer, body) =>
        {
            // Written in 3000-byte pieces, as a serializer would.
            for (var offset = 0; offset < body.Length; offset += 3000)
            {
                writer.Write(body.AsSpan(offset, Math.Min(3000, body.Length - offset)));
            }
        }, payload);
        var atClient = await pair.Client.Handler.Frames.Reader.ReadWithin("the 1 MiB response at the client");
        Assert.Equal(payload, atClient.Body);
    }

    [Fact]
    public async Task Receive_FrameOverMaxFrameSize_ClosesConnectionWithLogLine()
    {
        var serverOptions = TestOptions.Create();
        serverOptions.MaxFrameSize = 64 * 1024;
        await using var pair = await ConnectedPair.CreateAsync(serverOptions: serverOptions);

        pair.ClientSide.Send(FrameKind.Request, new byte[100 * 1024]);

        var line = await pair.Server.Logs.WaitForAsync(e => e.Level == LogLevel.Warning && e.Message.Contains("MaxFrameSize", StringComparison.Ordinal), "the oversized-frame warning");
        Assert.Contains(pair.ServerSide.RemoteEndPoint.ToString()!, line.Message, StringComparison.Ordinal);
        Assert.Contains("102401 bytes", line.Message, StringComparison.Ordinal);
        var serverReason = await pair.Server.Handler.WhenClosed(pair.ServerSide).Within("OnClosed at the server");
        Assert.IsType<ClusterTransportException>(serverReason);
        Assert.NotNull(await pair.Client.Handler.WhenClosed(pair.ClientSide).Within("OnClosed at the client"));
        Assert.False(pair.Server.Handler.Frames.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Send_BodyOverOwnMaxFrameSize_ThrowsAndConnectionStaysUsable()
    {
        var options = TestOptions.Create();
        options.MaxFrameSize = 4096;
        await using var pair = await ConnectedPair.CreateAsync(options, options);

        Assert.Throws<ArgumentException>(() => pair.ClientSide.Send(FrameKind.Request, new byte[4096]));

        pair.ClientSide.Send(FrameKind.Request, new byte[4095]);
        var frame = await pair.Server.Handler.Frames.Reader.ReadWithin("the largest allowed frame");
        Assert.Equal(4095, frame.Body.Length);
    }

    [Fact]
    public async Task Send_BodyWriterThrows_ExceptionPropagatesAndPartialFrameIsDropped()
    {
        await using var pair = await ConnectedPair.CreateAsync();

        var thrown = Assert.Throws<InvalidOperationException>(() => pair.ClientSide.Send(FrameKind.Request, static (writer, _) =>
        {
            writer.Write("half a mess"u8);
            throw new InvalidOperationException("serializer failed");
        }, 0));
        Assert.Equal("serializer failed", thrown.Message);
        pair.ClientSide.Send(FrameKind.Request, "after"u8);

        var frame = await pair.Server.Handler.Frames.Reader.ReadWithin("the frame after the failed one");
        Assert.Equal("after", Encoding.UTF8.GetString(frame.Body));
        Assert.False(pair.ServerSide.Closed.IsCompleted);
    }

    [Fact]
    public async Task Send_FromInsideABodyWriter_ThrowsAndConnectionStaysUsable()
    {
        await using var pair = await ConnectedPair.CreateAsync();

        Assert.Throws<InvalidOperationException>(() => pair.ClientSide.Send(
            FrameKind.Request,
            static (writer, connection) => connection.Send(FrameKind.Request, "nested"u8),
            pair.ClientSide));
        pair.ClientSide.Send(FrameKind.Request, "fine"u8);

        Assert.Equal("fine", Encoding.UTF8.GetString((await pair.Server.Handler.Frames.Reader.ReadWithin("the frame after the nested send")).Body));
    }

    [Theory]
    [InlineData(FrameKind.Hello)]
    [InlineData(FrameKind.Proof)]
    [InlineData(FrameKind.Reject)]
    [InlineData((FrameKind)0)]
    public async Task Send_ReservedKind_ThrowsArgumentOutOfRange(FrameKind kind)
    {
        await using var pair = await ConnectedPair.CreateAsync();

        Assert.Throws<ArgumentOutOfRangeException>(() => pair.ClientSide.Send(kind, "x"u8));
    }

    [Fact]
    public async Task Send_AfterDispose_ThrowsClusterTransportException()
    {
        await using var pair = await ConnectedPair.CreateAsync();
        await pair.ClientSide.DisposeAsync();

        var thrown = Assert.Throws<ClusterTransportException>(() => pair.ClientSide.Send(FrameKind.Request, "late"u8));
        Assert.Contains("closed", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_ByClient_ServerSeesOnClosedPromptlyWithReason()
    {
        await using var pair = await ConnectedPair.CreateAsync();

        await pair.ClientSide.DisposeAsync();

        var serverReason = await pair.Server.Handler.WhenClosed(pair.ServerSide).Within("OnClosed at the server", TimeSpan.FromSeconds(3));
        Assert.IsType<ClusterTransportException>(serverReason);
        Assert.Null(await pair.Client.Handler.WhenClosed(pair.ClientSide).Within("OnClosed at the client"));
        Assert.Null(await pair.ClientSide.Closed.Within("Closed at the client"));
        Assert.Same(serverReason, await pair.ServerSide.Closed.Within("Closed at the server"));
        Assert.Equal(1, pair.Client.Handler.CloseCount(pair.ClientSide));
        Assert.Equal(1, pair.Server.Handler.CloseCount(pair.ServerSide));
    }

    [Fact]
    public async Task DisposeAsync_ByServer_ClientSeesOnClosedPromptly()
    {
        await using var pair = await ConnectedPair.CreateAsync();

        await pair.ServerSide.DisposeAsync();

        var clientReason = await pair.Client.Handler.WhenClosed(pair.ClientSide).Within("OnClosed at the client", TimeSpan.FromSeconds(3));
        Assert.IsType<ClusterTransportException>(clientReason);
        await pair.Client.Logs.WaitForAsync(e => e.Level == LogLevel.Information && e.Message.Contains("closed", StringComparison.Ordinal), "the connection-lost line at the client");
    }

    [Fact]
    public async Task Abort_ByClient_ServerSeesConnectionLossAndAbortReasonIsReportedLocally()
    {
        await using var pair = await ConnectedPair.CreateAsync();
        var reason = new TimeoutException("probe failed");

        pair.ClientSide.Abort(reason);

        Assert.Same(reason, await pair.Client.Handler.WhenClosed(pair.ClientSide).Within("OnClosed at the client"));
        Assert.NotNull(await pair.Server.Handler.WhenClosed(pair.ServerSide).Within("OnClosed at the server", TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task DisposeAsync_RightAfterManySends_QueuedFramesAreDeliveredBeforeClose()
    {
        const int Count = 5_000;
        await using var pair = await ConnectedPair.CreateAsync();
        var received = 0;
        pair.Server.Handler.OnFrameHook = (_, _, _) => received++;

        for (var i = 0; i < Count; i++)
        {
            pair.ClientSide.Send(FrameKind.Request, new byte[100]);
        }

        pair.ClientSide.Send(FrameKind.Leave, ReadOnlySpan<byte>.Empty);
        await pair.ClientSide.DisposeAsync();

        // OnClosed runs after the read loop has dispatched its last frame.
        await pair.Server.Handler.WhenClosed(pair.ServerSide).Within("OnClosed at the server");
        Assert.Equal(Count + 1, Volatile.Read(ref received));
    }

    [Fact]
    public async Task OnConnected_ConnectorHandlerThrows_ConnectAsyncFailsAndConnectionIsClosed()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = TestClient.Create();
        ClusterConnection? refusedConnection = null;
        client.Handler.OnConnectedHook = connection =>
        {
            refusedConnection = connection;
            throw new InvalidOperationException("not now");
        };

        var failed = await Assert.ThrowsAsync<ClusterTransportException>(() => client.ConnectAsync(server));

        Assert.IsType<InvalidOperationException>(failed.InnerException);
        Assert.Same(failed, await client.Handler.WhenClosed(refusedConnection!).Within("OnClosed for the refused connection"));
        Assert.Equal(1, client.Handler.CloseCount(refusedConnection!));
    }

    [Fact]
    public async Task OnFrame_HandlerThrows_ConnectionClosesWithErrorLine()
    {
        await using var pair = await ConnectedPair.CreateAsync();
        pair.Server.Handler.OnFrameHook = (_, _, _) => throw new FormatException("bad envelope");

        pair.ClientSide.Send(FrameKind.Request, "x"u8);

        var reason = await pair.Server.Handler.WhenClosed(pair.ServerSide).Within("OnClosed at the server");
        Assert.IsType<FormatException>(reason!.InnerException);
        var line = await pair.Server.Logs.WaitForAsync(e => e.Level == LogLevel.Error, "the handler-failed error");
        Assert.Contains("OnFrame", line.Message, StringComparison.Ordinal);
        await pair.Client.Handler.WhenClosed(pair.ClientSide).Within("OnClosed at the client");
    }
}
