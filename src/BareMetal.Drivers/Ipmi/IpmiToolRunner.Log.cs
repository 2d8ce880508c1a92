using Microsoft.Extensions.Logging;

namespace BareMetal.Drivers.Ipmi;

// Messages carry node ids, commands, endpoints and ipmitool's error words only: the password never reaches a log.
public sealed partial class IpmiToolRunner
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Node {NodeId}: ipmitool {Command} at {Endpoint} failed (attempt {Attempt}, {Kind}: {Detail}); retrying")]
    private partial void LogCommandRetried(string nodeId, string command, string endpoint, int attempt, IpmiFailureKind kind, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId}: ipmitool {Command} at {Endpoint} failed after {Attempt} attempt(s) ({Kind}: {Detail})")]
    private partial void LogCommandFailed(string nodeId, string command, string endpoint, int attempt, IpmiFailureKind kind, string detail);
}
