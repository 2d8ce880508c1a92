using System.Net;

namespace BareMetal.Runtime.Transport;

/// <summary>A connection was refused during the handshake, by this side or by the remote.</summary>
public sealed class ClusterHandshakeException : ClusterTransportException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why the handshake failed.</param>
    /// <param name="remoteEndPoint">The peer.</param>
    /// <param name="refusedByRemote">Whether the remote refused (it sent a reject) rather than this side.</param>
    /// <param name="message">What happened.</param>
    public ClusterHandshakeException(HandshakeFailure reason, EndPoint remoteEndPoint, bool refusedByRemote, string message)
        : base(message)
    {
        Reason = reason;
        RemoteEndPoint = remoteEndPoint;
        RefusedByRemote = refusedByRemote;
    }

    /// <summary>Why the handshake failed.</summary>
    public HandshakeFailure Reason { get; }

    /// <summary>The peer.</summary>
    public EndPoint RemoteEndPoint { get; }

    /// <summary>Whether the remote refused the connection (and told us why) rather than this side.</summary>
    public bool RefusedByRemote { get; }
}
