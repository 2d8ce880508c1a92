using System.Net;
using Microsoft.Extensions.Logging;

namespace BareMetal.Runtime.Transport;

public sealed partial class ClusterConnection
{
    [LoggerMessage(EventId = TransportEventId.ConnectionEstablished, Level = LogLevel.Debug,
        Message = "Established {Direction} cluster connection with {RemoteRole} {RemoteIdentity} at {RemoteEndPoint}")]
    private partial void LogEstablished(string direction, ClusterRole remoteRole, string remoteIdentity, EndPoint remoteEndPoint);

    [LoggerMessage(EventId = TransportEventId.ConnectionClosed, Level = LogLevel.Debug,
        Message = "Closed the cluster connection with {RemoteRole} {RemoteIdentity} at {RemoteEndPoint}")]
    private partial void LogClosed(ClusterRole remoteRole, string remoteIdentity, EndPoint remoteEndPoint);

    [LoggerMessage(EventId = TransportEventId.ConnectionLost, Level = LogLevel.Information,
        Message = "The cluster connection with {RemoteRole} {RemoteIdentity} at {RemoteEndPoint} closed: {Reason}")]
    private partial void LogLost(ClusterRole remoteRole, string remoteIdentity, EndPoint remoteEndPoint, string reason);

    [LoggerMessage(EventId = TransportEventId.FrameTooLarge, Level = LogLevel.Warning,
        Message = "Closing the cluster connection with {RemoteEndPoint} ({RemoteIdentity}): it sent a frame of {FrameLength} bytes, more than MaxFrameSize ({MaxFrameSize} bytes)")]
    private partial void LogFrameTooLarge(EndPoint remoteEndPoint, string remoteIdentity, int frameLength, int maxFrameSize);

    [LoggerMessage(EventId = TransportEventId.ProtocolViolation, Level = LogLevel.Warning,
        Message = "Closing the cluster connection with {RemoteEndPoint} ({RemoteIdentity}): it sent {Violation}")]
    private partial void LogProtocolViolation(EndPoint remoteEndPoint, string remoteIdentity, string violation);

    [LoggerMessage(EventId = TransportEventId.HandlerFailed, Level = LogLevel.Error,
        Message = "The frame handler threw in {Callback} for the cluster connection with {RemoteEndPoint}")]
    private partial void LogHandlerFailed(Exception exception, string callback, EndPoint remoteEndPoint);

    [LoggerMessage(EventId = TransportEventId.CloseFailed, Level = LogLevel.Warning,
        Message = "Closing the cluster connection with {RemoteEndPoint} failed")]
    private partial void LogCloseFailed(Exception exception, EndPoint remoteEndPoint);
}
