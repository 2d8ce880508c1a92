using System.Net;
using Microsoft.Extensions.Logging;

namespace BareMetal.Runtime.Transport;

public sealed partial class ClusterConnector
{
    [LoggerMessage(EventId = TransportEventId.ConnectFailed, Level = LogLevel.Warning, Message = "Could not connect to {RemoteEndPoint}: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, EndPoint remoteEndPoint, string reason);
}
