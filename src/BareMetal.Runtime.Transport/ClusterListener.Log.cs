using System.Net;
using Microsoft.Extensions.Logging;

namespace BareMetal.Runtime.Transport;

public sealed partial class ClusterListener
{
    [LoggerMessage(EventId = TransportEventId.ListenerStarted, Level = LogLevel.Information,
        Message = "Listening for cluster connections on {EndPoint} ({Mode}) as {LocalIdentity}")]
    private static partial void LogStarted(ILogger logger, IPEndPoint endPoint, ClusterListenerMode mode, string localIdentity);

    [LoggerMessage(EventId = TransportEventId.ListenerStopped, Level = LogLevel.Information,
        Message = "Stopped listening for cluster connections on {EndPoint}; closed {ConnectionCount} connections")]
    private static partial void LogStopped(ILogger logger, IPEndPoint endPoint, int connectionCount);

    [LoggerMessage(EventId = TransportEventId.AcceptFailed, Level = LogLevel.Error,
        Message = "Accepting a cluster connection on or from {EndPoint} failed")]
    private static partial void LogAcceptFailed(ILogger logger, Exception exception, EndPoint endPoint);
}
