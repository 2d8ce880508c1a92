using Microsoft.Extensions.Logging;

namespace BareMetal.Drivers.Ipmi.Lan;

// Endpoints and user names only: the password never reaches a log.
public sealed partial class IpmiLanClient
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "IPMI session opened at {Endpoint} for user {UserName}")]
    private partial void LogSessionOpened(string endpoint, string userName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId}: the BMC at {Endpoint} does not take the native IPMI client ({Detail}); its power is read with ipmitool from now on")]
    private partial void LogFallback(string nodeId, string endpoint, string detail);
}
