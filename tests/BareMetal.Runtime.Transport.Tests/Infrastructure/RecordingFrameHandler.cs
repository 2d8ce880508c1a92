using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;

namespace BareMetal.Runtime.Transport.Tests.Infrastructure;

/// <summary>
/// Records what a transport reports. Frames are copied into <see cref="Frames"/> unless an
/// <see cref="OnFrameHook"/> handles them; closings complete a per-connection signal.
/// </summary>
internal sealed class RecordingFrameHandler : IFrameHandler
{
    private readonly ConcurrentDictionary<ClusterConnection, TaskCompletionSource<Exception?>> _closed = new();
    private readonly ConcurrentDictionary<ClusterConnection, int> _closeCounts = new();
    private int _connectedCount;

    public Channel<ClusterConnection> Connected { get; } = Channel.CreateUnbounded<ClusterConnection>();

    public Channel<ReceivedFrame> Frames { get; } = Channel.CreateUnbounded<ReceivedFrame>();

    /// <summary>When set, frames go here instead of <see cref="Frames"/>.</summary>
    public Action<ClusterConnection, FrameKind, ReadOnlySequence<byte>>? OnFrameHook { get; set; }

    /// <summary>Runs first in OnConnected (a test makes it throw).</summary>
    public Action<ClusterConnection>? OnConnectedHook { get; set; }

    public int ConnectedCount => Volatile.Read(ref _connectedCount);

    public void OnConnected(ClusterConnection connection)
    {
        OnConnectedHook?.Invoke(connection);
        Interlocked.Increment(ref _connectedCount);
        Connected.Writer.TryWrite(connection);
    }

    public void OnFrame(ClusterConnection connection, FrameKind kind, ReadOnlySequence<byte> body)
    {
        if (OnFrameHook is { } hook)
        {
            hook(connection, kind, body);
            return;
        }

        Frames.Writer.TryWrite(new ReceivedFrame(connection, kind, body.ToArray()));
    }

    public void OnClosed(ClusterConnection connection, Exception? reason)
    {
        _closeCounts.AddOrUpdate(connection, 1, (_, n) => n + 1);
        ClosedSignal(connection).TrySetResult(reason);
    }

    /// <summary>Completes with the reason OnClosed reported for <paramref name="connection"/>.</summary>
    public Task<Exception?> WhenClosed(ClusterConnection connection) => ClosedSignal(connection).Task;

    public int CloseCount(ClusterConnection connection) => _closeCounts.GetValueOrDefault(connection);

    private TaskCompletionSource<Exception?> ClosedSignal(ClusterConnection connection) =>
        _closed.GetOrAdd(connection, _ => new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously));
}
