using BareMetal.Provisioning.Drivers;
using Microsoft.Extensions.Logging;

namespace BareMetal.Provisioning.Nodes;

public sealed partial class NodeDriverWork
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Node {NodeId} could not receive the result of step {OperationId}/{Step} after {Attempts} attempts; its step-watch will ask the driver")]
    private partial void LogReportFailed(string nodeId, string operationId, int step, int attempts, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} could not receive the result of step {OperationId}/{Step} (attempt {Attempt}); sending it again in {Delay}")]
    private partial void LogReportRetried(string nodeId, string operationId, int step, int attempt, TimeSpan delay, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Node {NodeId} could not receive the result of power sync {Sync}")]
    private partial void LogPowerSyncReportFailed(string nodeId, long sync, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted node {NodeId}: driver tear-down ended {Outcome} {Message}")]
    private partial void LogDeletionTearDown(string nodeId, DriverStepOutcome outcome, string? message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleted node {NodeId}: driver tear-down failed")]
    private partial void LogDeletionTearDownFailed(string nodeId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} step {OperationId}/{Step} was not run: {Reason}")]
    private partial void LogStepNotRun(string nodeId, string operationId, int step, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {NodeId} step {OperationId}/{Step}: the fence's answer took {Elapsed} to use (attempt {Attempt}); asking again")]
    private partial void LogFenceExpired(string nodeId, string operationId, int step, TimeSpan elapsed, int attempt);
}
