using System.Net;
using BareMetal.Runtime.Transport.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BareMetal.Runtime.Transport.Tests;

public sealed class ClusterListenerTests
{
    [Fact]
    public async Task BindAsync_PortZero_ReportsTheBoundPort()
    {
        await using var listener = new ClusterListener(new IPEndPoint(IPAddress.Loopback, 0), ClusterListenerMode.SilosOnly, new RecordingFrameHandler(), Options.Create(TestOptions.Create()), NullLoggerFactory.Instance);

        var bound = await listener.BindAsync(CancellationToken.None);

        Assert.NotEqual(0, bound.Port);
        Assert.Equal(IPAddress.Loopback, bound.Address);
        Assert.Equal(bound, listener.BoundEndPoint);
    }

    [Fact]
    public async Task StopAsync_WithAcceptedConnections_ClosesThemAndReleasesThePort()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = TestClient.Create();
        var connections = new List<ClusterConnection>();
        for (var i = 0; i < 3; i++)
        {
            connections.Add(await client.ConnectAsync(server));
            await server.Handler.Connected.Reader.ReadWithin($"the listener to report connection {i + 1}");
        }

        Assert.Equal(3, server.Listener.Connections.Count);

        await server.Listener.StopAsync(CancellationToken.None).Within("the listener to stop");

        foreach (var connection in connections)
        {
            Assert.NotNull(await client.Handler.WhenClosed(connection).Within("OnClosed at the client"));
        }

        Assert.Empty(server.Listener.Connections);
        await Assert.ThrowsAsync<ClusterTransportException>(() => client.Connector.ConnectAsync(server.EndPoint, CancellationToken.None).Within("ConnectAsync after stop"));
    }

    [Fact]
    public async Task StopAsync_Twice_IsIdempotent()
    {
        await using var server = await TestServer.StartAsync();

        await server.Listener.StopAsync(CancellationToken.None).Within("the first stop");
        await server.Listener.StopAsync(CancellationToken.None).Within("the second stop");
    }

    [Fact]
    public void Start_BeforeBind_ThrowsInvalidOperation()
    {
        var listener = new ClusterListener(new IPEndPoint(IPAddress.Loopback, 0), ClusterListenerMode.SilosOnly, new RecordingFrameHandler(), Options.Create(TestOptions.Create()), NullLoggerFactory.Instance);

        Assert.Throws<InvalidOperationException>(() => listener.Start("127.0.0.1:1@1"));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingTheProperty()
    {
        var options = TestOptions.Create(clusterId: " ");

        var thrown = Assert.Throws<OptionsValidationException>(() => new ClusterListener(new IPEndPoint(IPAddress.Loopback, 0), ClusterListenerMode.SilosOnly, new RecordingFrameHandler(), Options.Create(options), NullLoggerFactory.Instance));

        Assert.Contains("TransportOptions.ClusterId", thrown.Message, StringComparison.Ordinal);
    }
}
