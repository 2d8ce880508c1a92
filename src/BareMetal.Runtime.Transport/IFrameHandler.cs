using System.Buffers;

namespace BareMetal.Runtime.Transport;

/// <summary>
/// The owner's side of a connection. For each connection: <see cref="OnConnected"/> once, then
/// <see cref="OnFrame"/> for every received frame in arrival order (never concurrently for one
/// connection), then <see cref="OnClosed"/> exactly once. Calls come from the connection's I/O
/// loop: do not block in them.
/// </summary>
public interface IFrameHandler
{
    /// <summary>The handshake succeeded; <paramref name="connection"/> can send from now on.</summary>
    /// <param name="connection">The new connection.</param>
    void OnConnected(ClusterConnection connection);

    /// <summary>A frame arrived.</summary>
    /// <param name="connection">The connection it came on (send the response there).</param>
    /// <param name="kind">An application kind (16 or above).</param>
    /// <param name="body">
    /// The body, pointing into the receive buffer: valid only until this method returns. Copy or
    /// deserialize it before returning. An exception thrown here closes the connection.
    /// </param>
    void OnFrame(ClusterConnection connection, FrameKind kind, ReadOnlySequence<byte> body);

    /// <summary>
    /// The connection is closed (remote close, reset, read error, protocol violation, local
    /// <see cref="ClusterConnection.Abort"/> or dispose): fail the calls in flight on it.
    /// </summary>
    /// <param name="connection">The closed connection.</param>
    /// <param name="reason"><see langword="null"/> when closed locally by <see cref="ClusterConnection.DisposeAsync"/>; otherwise why.</param>
    void OnClosed(ClusterConnection connection, Exception? reason);
}
