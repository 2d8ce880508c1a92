using BareMetal.Contracts.Nodes;
using Microsoft.Extensions.Logging;

namespace BareMetal.Provisioning.Nodes;

public sealed partial class NodeGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId} moved from {FromState} to {ToState} on {Event}")]
    private partial void LogTransition(string nodeId, ProvisionState fromState, ProvisionState toState, ProvisionEvent @event);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Node {NodeId} ignored a report of step {OperationId}/{Step}#{Attempt} ({Outcome}): not the step in flight")]
    private partial void LogStaleReport(string nodeId, string operationId, int step, int attempt, NodeStepOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} got event {Event} that its state {State} does not allow; ignored")]
    private partial void LogUnexpectedEvent(string nodeId, ProvisionEvent @event, ProvisionState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} step {OperationId}/{Step}#{Attempt} ({Kind}) timed out after {Timeout}")]
    private partial void LogStepTimedOut(string nodeId, string operationId, int step, int attempt, NodeStepKind kind, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Node {NodeId} ignored the report of power sync {Sync}: not the sync in flight")]
    private partial void LogStalePowerSync(string nodeId, long sync);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} power drift: recorded {Recorded}, hardware {Hardware}; restoring: {Restoring}")]
    private partial void LogPowerDrift(string nodeId, PowerState recorded, PowerState hardware, bool restoring);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} power sync failed ({Failures} of {MaxFailures}): {Error}")]
    private partial void LogPowerSyncFailed(string nodeId, int failures, int maxFailures, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Node {NodeId} put in maintenance after {Failures} failed power syncs: {Reason}")]
    private partial void LogPowerFailureMaintenance(string nodeId, int failures, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId} left the maintenance the power-failure rule set: its BMC answers again (power {PowerState})")]
    private partial void LogPowerRecovered(string nodeId, PowerState powerState);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId} boot device set to {Device} (persistent: {Persistent})")]
    private partial void LogBootDeviceSet(string nodeId, string device, bool persistent);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Node {NodeId} is still in maintenance for a power failure: {Error}")]
    private partial void LogPowerRecoveryFailed(string nodeId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId} ({Name}) deleted in state {State} by {RequestedBy}")]
    private partial void LogNodeDeleted(string nodeId, string name, ProvisionState state, string requestedBy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} could not send operation {OperationId} its update; it is sent again until the operation acknowledges it")]
    private partial void LogOutboxNotSent(string nodeId, string operationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeId} dropped an update for operation {OperationId}, which refused it: {Reason}")]
    private partial void LogOutboxRefused(string nodeId, string operationId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} stopped waiting after {Timeout} for operation {OperationId} to acknowledge its update; it is sent again until the operation acknowledges it")]
    private partial void LogOutboxNotWaitedFor(string nodeId, string operationId, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} stopped waiting after {Timeout} for the fleet index to record its version {Version}; it lands when the shard answers, or at the node's next change")]
    private partial void LogObserverNotWaitedFor(string nodeId, long version, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} could not raise event {EventType} of its version {Version}; it is raised again until the event sinks take it")]
    private partial void LogEventNotRaised(string nodeId, string eventType, long version, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} stopped waiting after {Timeout} for the event sinks to take event {EventType} of its version {Version}; it is raised again until they take it")]
    private partial void LogEventNotWaitedFor(string nodeId, string eventType, long version, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Error, Message = "Node {NodeId} dropped its {Count} oldest events, up to its version {Version}: the event sinks did not take them and it keeps at most NodeGrain.PendingEventsCapacity")]
    private partial void LogEventsDropped(string nodeId, int count, long version);
}
