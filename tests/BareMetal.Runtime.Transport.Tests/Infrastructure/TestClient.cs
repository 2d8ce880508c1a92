using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Runtime.Transport.Tests.Infrastructure;

/// <summary>A connector with its own log capture and handler.</summary>
internal sealed class TestClient : IAsyncDisposable
{
    private TestClient(ClusterConnector connector, RecordingFrameHandler handler, InMemoryLoggerProvider logs, ILoggerFactory loggerFactory, string identity)
    {
        Connector = connector;
        Handler = handler;
        Logs = logs;
        LoggerFactory = loggerFactory;
        Identity = identity;
    }

    public ClusterConnector Connector { get; }

    public RecordingFrameHandler Handler { get; }

    public InMemoryLoggerProvider Logs { get; }

    public ILoggerFactory LoggerFactory { get; }

    public string Identity { get; }

    public static TestClient Create(TransportOptions? options = null, ClusterRole role = ClusterRole.Silo, string? identity = null)
    {
        var logs = new InMemoryLoggerProvider();
        var loggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var handler = new RecordingFrameHandler();
        identity ??= role == ClusterRole.Silo ? $"127.0.0.1:1@{Guid.NewGuid().GetHashCode() & int.MaxValue}" : $"client-{Guid.NewGuid():N}";
        var connector = new ClusterConnector(role, identity, handler, Options.Create(options ?? TestOptions.Create()), loggerFactory);
        return new TestClient(connector, handler, logs, loggerFactory, identity);
    }

    public Task<ClusterConnection> ConnectAsync(TestServer server) =>
        Connector.ConnectAsync(server.EndPoint, CancellationToken.None).Within("ConnectAsync to the test server");

    public async ValueTask DisposeAsync()
    {
        await Connector.DisposeAsync();
        LoggerFactory.Dispose();
    }
}
