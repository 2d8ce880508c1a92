using BareMetal.Contracts.Nodes;
using BareMetal.Provisioning.Drivers;
using Microsoft.Extensions.Logging;

namespace BareMetal.Drivers.Redfish;

// Messages carry node ids, BMC addresses, resource paths and Redfish values; never driver_info secrets.
public sealed partial class RedfishHardwareDriver
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId}: Redfish management validated at {Address} (system {SystemPath})")]
    private partial void LogValidated(string nodeId, Uri address, string systemPath);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId}: {Action} sent as ResetType {ResetType} to {SystemPath}")]
    private partial void LogReset(string nodeId, PowerAction action, string resetType, string systemPath);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Node {NodeId}: {Action} needs no reset, the system is {PowerState}")]
    private partial void LogPowerAlreadyThere(string nodeId, PowerAction action, PowerState powerState);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId}: boot device {Device} (persistent {Persistent}) set on {SystemPath}")]
    private partial void LogBootDeviceSet(string nodeId, BootDevice device, bool persistent, string systemPath);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId}: {SystemPath} changed since it was read (HTTP 412); reading it again")]
    private partial void LogStaleETag(string nodeId, string systemPath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId}: Redfish {Step} failed: {Reason}")]
    private partial void LogStepFailed(string nodeId, string step, string reason);
}
