using System.Net;
using System.Net.Sockets;
using BareMetal.Runtime.Transport.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace BareMetal.Runtime.Transport.Tests;

public sealed class HandshakeTests
{
    [Fact]
    public async Task Connect_WrongSecret_RefusedOnBothSidesWithLogLines()
    {
        await using var server = await TestServer.StartAsync(TestOptions.Create(secret: "the-server-secret-0001"));
        await using var client = TestClient.Create(TestOptions.Create(secret: "the-client-secret-0002"));

        var refused = await Assert.ThrowsAsync<ClusterHandshakeException>(() => client.ConnectAsync(server));

        Assert.Equal(HandshakeFailure.SecretMismatch, refused.Reason);
        Assert.Contains("proof of the cluster secret is wrong", refused.Message, StringComparison.Ordinal);
        Assert.Contains(server.EndPoint.ToString(), refused.Message, StringComparison.Ordinal);
        await AssertRefusalLogged(client.Logs, "outbound", server.EndPoint.ToString(), "proof of the cluster secret is wrong");
        await AssertRefusalLogged(server.Logs, "inbound", "127.0.0.1:", "proof of the cluster secret is wrong");
        Assert.Equal(0, server.Handler.ConnectedCount);
        Assert.Equal(0, client.Handler.ConnectedCount);
        AssertSecretNeverLogged(server.Logs, client.Logs, "the-server-secret-0001", "the-client-secret-0002");
    }

    [Fact]
    public async Task Connect_DifferentClusterId_RefusedOnBothSidesWithLogLines()
    {
        await using var server = await TestServer.StartAsync(TestOptions.Create(clusterId: "blue"));
        await using var client = TestClient.Create(TestOptions.Create(clusterId: "green"));

        var refused = await Assert.ThrowsAsync<ClusterHandshakeException>(() => client.ConnectAsync(server));

        Assert.Equal(HandshakeFailure.ClusterIdMismatch, refused.Reason);
        Assert.False(refused.RefusedByRemote);
        await AssertRefusalLogged(client.Logs, "outbound", server.EndPoint.ToString(), "it belongs to cluster 'blue'; this silo belongs to cluster 'green'");
        await AssertRefusalLogged(server.Logs, "inbound", "127.0.0.1:", "it belongs to cluster 'green'; this silo belongs to cluster 'blue'");
        Assert.Equal(0, server.Handler.ConnectedCount);
    }

    [Fact]
    public async Task Connect_DifferentProtocolVersion_RefusedOnBothSidesWithLogLines()
    {
        await using var server = await TestServer.StartAsync();
        var newer = TestOptions.Create();
        newer.AdvertisedProtocolVersion = TransportOptions.ProtocolVersion + 1;
        await using var client = TestClient.Create(newer);

        var refused = await Assert.ThrowsAsync<ClusterHandshakeException>(() => client.ConnectAsync(server));

        Assert.Equal(HandshakeFailure.ProtocolVersionMismatch, refused.Reason);
        await AssertRefusalLogged(client.Logs, "outbound", server.EndPoint.ToString(), "it speaks wire protocol version 1; this silo speaks 2");
        await AssertRefusalLogged(server.Logs, "inbound", "127.0.0.1:", "it speaks wire protocol version 2; this silo speaks 1");
        Assert.Equal(0, server.Handler.ConnectedCount);
    }

    [Fact]
    public async Task Connect_SecretOnOneSideOnly_RefusedAsSecretMismatch()
    {
        await using var server = await TestServer.StartAsync(TestOptions.Create(secret: string.Empty));
        await using var client = TestClient.Create(TestOptions.Create());

        var refused = await Assert.ThrowsAsync<ClusterHandshakeException>(() => client.ConnectAsync(server));

        Assert.Equal(HandshakeFailure.SecretMismatch, refused.Reason);
        await AssertRefusalLogged(client.Logs, "outbound", server.EndPoint.ToString(), "it has no ClusterSecret (dev mode) and this silo has one");
        await AssertRefusalLogged(server.Logs, "inbound", "127.0.0.1:", "it has a ClusterSecret and this silo has none (dev mode)");
    }

    [Fact]
    public async Task Connect_BothWithoutSecret_SucceedsInDevMode()
    {
        var devMode = TestOptions.Create(secret: string.Empty);
        await using var pair = await ConnectedPair.CreateAsync(devMode, devMode);

        pair.ClientSide.Send(FrameKind.Ping, "dev"u8);
        Assert.Equal(FrameKind.Ping, (await pair.Server.Handler.Frames.Reader.ReadWithin("the ping")).Kind);
    }

    [Fact]
    public async Task Connect_ClientToSiloOnlyListener_RefusedByTheListener()
    {
        await using var server = await TestServer.StartAsync(mode: ClusterListenerMode.SilosOnly);
        await using var client = TestClient.Create(role: ClusterRole.Client, identity: "dashboard-1");

        var refused = await Assert.ThrowsAsync<ClusterHandshakeException>(() => client.ConnectAsync(server));

        Assert.Equal(HandshakeFailure.RoleRefused, refused.Reason);
        Assert.True(refused.RefusedByRemote);
        Assert.Contains("accepts only silos", refused.Message, StringComparison.Ordinal);
        await AssertRefusalLogged(server.Logs, "inbound", "127.0.0.1:", "it is a client and this port accepts only silos");
        await client.Logs.WaitForAsync(
            e => e.Level == LogLevel.Warning && e.Message.Contains("was refused by the remote", StringComparison.Ordinal) && e.Message.Contains(server.EndPoint.ToString(), StringComparison.Ordinal),
            "the client's refused-by-remote warning");
        Assert.Equal(0, server.Handler.ConnectedCount);
    }

    [Fact]
    public async Task Connect_ClientToGateway_AcceptedWithClientRoleAndId()
    {
        await using var server = await TestServer.StartAsync(mode: ClusterListenerMode.SilosAndClients);
        await using var client = TestClient.Create(role: ClusterRole.Client, identity: "dashboard-1");

        var connection = await client.ConnectAsync(server);
        var accepted = await server.Handler.Connected.Reader.ReadWithin("the gateway to report the client");

        Assert.Equal(ClusterRole.Silo, connection.RemoteRole);
        Assert.Equal(ClusterRole.Client, accepted.RemoteRole);
        Assert.Equal("dashboard-1", accepted.RemoteIdentity);
        connection.Send(FrameKind.Request, "call"u8);
        Assert.Equal("call"u8.ToArray(), (await server.Handler.Frames.Reader.ReadWithin("the client's request")).Body);
    }

    [Fact]
    public async Task Handshake_PeerThatNeverSpeaks_ListenerTimesOutWithLogLine()
    {
        var options = TestOptions.Create();
        options.HandshakeTimeout = TimeSpan.FromMilliseconds(300);
        await using var server = await TestServer.StartAsync(options);
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(server.EndPoint);

        await AssertRefusalLogged(server.Logs, "inbound", silent.LocalEndPoint!.ToString()!, "the handshake did not finish within 300 ms");
        await DrainUntilClosedAsync(silent).Within("the listener to close the silent connection");
        Assert.Equal(0, server.Handler.ConnectedCount);
    }

    [Fact]
    public async Task Connect_ToPeerThatNeverAnswers_ThrowsTimeoutRefusal()
    {
        using var silentServer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silentServer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silentServer.Listen();
        var options = TestOptions.Create();
        options.HandshakeTimeout = TimeSpan.FromMilliseconds(300);
        await using var client = TestClient.Create(options);

        var refused = await Assert.ThrowsAsync<ClusterHandshakeException>(
            () => client.Connector.ConnectAsync(silentServer.LocalEndPoint!, CancellationToken.None).Within("ConnectAsync to a silent peer"));

        Assert.Equal(HandshakeFailure.Timeout, refused.Reason);
        await AssertRefusalLogged(client.Logs, "outbound", silentServer.LocalEndPoint!.ToString()!, "the handshake did not finish within 300 ms");
    }

    [Fact]
    public async Task Connect_ToSomethingElse_RefusedAsNotAClusterPeer()
    {
        using var httpServer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        httpServer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        httpServer.Listen();
        await using var client = TestClient.Create();
        var connecting = client.Connector.ConnectAsync(httpServer.LocalEndPoint!, CancellationToken.None);
        using var accepted = await httpServer.AcceptAsync().Within("the fake server to accept");
        await accepted.SendAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"u8.ToArray());

        var refused = await Assert.ThrowsAsync<ClusterHandshakeException>(() => connecting.Within("ConnectAsync to an HTTP server"));

        Assert.Equal(HandshakeFailure.NotAClusterPeer, refused.Reason);
        accepted.Shutdown(SocketShutdown.Both);
    }

    [Fact]
    public async Task Connect_NothingListening_ThrowsClusterTransportException()
    {
        IPEndPoint unused;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            unused = (IPEndPoint)probe.LocalEndPoint!;
        }

        await using var client = TestClient.Create();

        var failed = await Assert.ThrowsAsync<ClusterTransportException>(() => client.Connector.ConnectAsync(unused, CancellationToken.None).Within("ConnectAsync to a closed port"));

        Assert.IsNotType<ClusterHandshakeException>(failed);
        Assert.Contains(unused.ToString(), failed.Message, StringComparison.Ordinal);
        Assert.IsType<SocketException>(failed.InnerException);
    }

    [Theory]
    [InlineData(ClusterRole.Silo, "not-a-silo-address")]
    [InlineData(ClusterRole.Silo, "")]
    [InlineData(ClusterRole.Client, " ")]
    public void Connector_InvalidLocalIdentity_ThrowsArgumentException(ClusterRole role, string identity)
    {
        Assert.ThrowsAny<ArgumentException>(() => TestClient.Create(role: role, identity: identity));
    }

    [Fact]
    public void ComputeProof_SameInputsOtherDirection_Differs()
    {
        var key = "0123456789abcdef"u8.ToArray();
        var nonceA = new byte[32];
        var nonceB = Enumerable.Repeat((byte)7, 32).ToArray();

        var asInitiator = Handshake.ComputeProof(key, 1, nonceA, nonceB, "silo-a", "silo-b", "c");
        var asAcceptor = Handshake.ComputeProof(key, 2, nonceA, nonceB, "silo-a", "silo-b", "c");
        var shiftedStrings = Handshake.ComputeProof(key, 1, nonceA, nonceB, "silo-a", "silo-bc", string.Empty);

        Assert.NotEqual(asInitiator, asAcceptor);
        Assert.NotEqual(asInitiator, shiftedStrings);
        Assert.Equal(asInitiator, Handshake.ComputeProof(key, 1, nonceA, nonceB, "silo-a", "silo-b", "c"));
    }

    private static async Task AssertRefusalLogged(InMemoryLoggerProvider logs, string direction, string endPoint, string reason)
    {
        var line = await logs.WaitForAsync(
            e => e.Level == LogLevel.Warning && e.Message.StartsWith($"Refused {direction} cluster connection with ", StringComparison.Ordinal) && e.Message.Contains(reason, StringComparison.Ordinal),
            $"the {direction} refusal '{reason}'");
        Assert.Contains(endPoint, line.Message, StringComparison.Ordinal);
    }

    private static void AssertSecretNeverLogged(InMemoryLoggerProvider first, InMemoryLoggerProvider second, params string[] secrets)
    {
        foreach (var entry in first.Entries.Concat(second.Entries))
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, entry.Message, StringComparison.Ordinal);
            }
        }
    }

    private static async Task DrainUntilClosedAsync(Socket socket)
    {
        var buffer = new byte[1024];
        try
        {
            while (await socket.ReceiveAsync(buffer) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // A reset is a close too.
        }
    }
}
