using System.Net;
using BareMetal.Runtime.Cluster;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Runtime.Transport.Tests.Infrastructure;

/// <summary>A started listener on 127.0.0.1, port 0, with its own log capture and handler.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private static long s_generation = DateTime.UtcNow.Ticks;

    private TestServer(ClusterListener listener, RecordingFrameHandler handler, InMemoryLoggerProvider logs, ILoggerFactory loggerFactory, SiloAddress address)
    {
        Listener = listener;
        Handler = handler;
        Logs = logs;
        LoggerFactory = loggerFactory;
        Address = address;
    }

    public ClusterListener Listener { get; }

    public RecordingFrameHandler Handler { get; }

    public InMemoryLoggerProvider Logs { get; }

    public ILoggerFactory LoggerFactory { get; }

    public SiloAddress Address { get; }

    public IPEndPoint EndPoint => Listener.BoundEndPoint!;

    public static async Task<TestServer> StartAsync(TransportOptions? options = null, ClusterListenerMode mode = ClusterListenerMode.SilosOnly)
    {
        var logs = new InMemoryLoggerProvider();
        var loggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var handler = new RecordingFrameHandler();
        var listener = new ClusterListener(new IPEndPoint(IPAddress.Loopback, 0), mode, handler, Options.Create(options ?? TestOptions.Create()), loggerFactory);
        var bound = await listener.BindAsync(CancellationToken.None);
        var address = new SiloAddress("127.0.0.1", bound.Port, Interlocked.Increment(ref s_generation));
        listener.Start(address.ToString());
        return new TestServer(listener, handler, logs, loggerFactory, address);
    }

    public async ValueTask DisposeAsync()
    {
        await Listener.DisposeAsync();
        LoggerFactory.Dispose();
    }
}
