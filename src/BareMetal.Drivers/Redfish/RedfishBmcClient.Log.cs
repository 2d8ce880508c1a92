using System.Net.Http;
using Microsoft.Extensions.Logging;

namespace BareMetal.Drivers.Redfish;

// Messages name the node, the BMC's address and the request; never a password, a session token or an Authorization header.
internal sealed partial class RedfishBmcClient
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Node {NodeId}: Redfish {Method} {Path} answered {Status} in {ElapsedMs} ms")]
    private partial void LogExchange(string nodeId, string method, string path, int status, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId}: opened a Redfish session with the BMC at {Address} ({SessionPath})")]
    private partial void LogLoggedIn(string nodeId, Uri address, string? sessionPath);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId}: the BMC at {Address} no longer accepts its Redfish session; logging in again")]
    private partial void LogSessionRejected(string nodeId, Uri address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId}: the BMC at {Address} offers no Redfish sessions (HTTP {Status}); using basic authentication")]
    private partial void LogNoSessionService(string nodeId, Uri address, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId}: the BMC at {Address} rejected the node's Redfish credentials (HTTP {Status})")]
    private partial void LogCredentialsRejected(string nodeId, Uri address, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId}: the BMC at {Address} did not answer {Method} {Path} within {Timeout}")]
    private partial void LogTimedOut(string nodeId, Uri address, string method, string path, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId}: cannot reach the BMC at {Address} ({Error})")]
    private partial void LogUnreachable(string nodeId, Uri address, HttpRequestError error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ended the Redfish session {SessionPath} at {Address} (HTTP {Status})")]
    private partial void LogLoggedOut(Uri address, string sessionPath, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not end the Redfish session {SessionPath} at {Address}: {Reason}")]
    private partial void LogLogOutFailed(Uri address, string sessionPath, string reason);
}
