using BareMetal.Provisioning.Drivers;
using Microsoft.Extensions.Logging;

namespace BareMetal.Drivers.Ipmi;

// Node ids, actions and endpoints only: driver_info (the BMC password) is never logged.
public sealed partial class IpmiHardwareDriver
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId}: IPMI power {Action} done at {Endpoint}")]
    private partial void LogPowerApplied(string nodeId, PowerAction action, string endpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId}: IPMI boot device set to {Device} (persistent: {Persistent})")]
    private partial void LogBootDeviceSet(string nodeId, BootDevice device, bool persistent);
}
