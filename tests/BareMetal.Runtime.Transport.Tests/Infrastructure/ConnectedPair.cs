namespace BareMetal.Runtime.Transport.Tests.Infrastructure;

/// <summary>A server and a client with one established connection, seen from both ends.</summary>
internal sealed class ConnectedPair : IAsyncDisposable
{
    private ConnectedPair(TestServer server, TestClient client, ClusterConnection clientSide, ClusterConnection serverSide)
    {
        Server = server;
        Client = client;
        ClientSide = clientSide;
        ServerSide = serverSide;
    }

    public TestServer Server { get; }

    public TestClient Client { get; }

    /// <summary>The connection as the connecting side holds it.</summary>
    public ClusterConnection ClientSide { get; }

    /// <summary>The same connection as the listener accepted it.</summary>
    public ClusterConnection ServerSide { get; }

    public static async Task<ConnectedPair> CreateAsync(TransportOptions? serverOptions = null, TransportOptions? clientOptions = null)
    {
        var server = await TestServer.StartAsync(serverOptions);
        var client = TestClient.Create(clientOptions);
        var clientSide = await client.ConnectAsync(server);
        var serverSide = await server.Handler.Connected.Reader.ReadWithin("the listener to report the connection");
        return new ConnectedPair(server, client, clientSide, serverSide);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }
}
