using BareMetal.Contracts.Operations;
using Microsoft.Extensions.Logging;

namespace BareMetal.Provisioning.Operations;

public sealed partial class OperationGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The completion notifications of operation {OperationId} could not be prepared; a reminder retries them")]
    private partial void LogNotificationsFailed(string operationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operation {OperationId} stopped waiting after {Timeout} for its webhook notifications; they are prepared or started again later")]
    private partial void LogNotificationsNotWaitedFor(string operationId, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operation {OperationId} could not ask node {NodeId} where it stands; asking again later")]
    private partial void LogReconcileFailed(string operationId, string nodeId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operation {OperationId} was {Status} but its node says it ended {NodeStatus}: {Error}")]
    private partial void LogReconciled(string operationId, OperationStatus status, OperationStatus nodeStatus, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The operation index could not record operation {OperationId}; sending it again in {Delay}")]
    private partial void LogIndexRetried(string operationId, TimeSpan delay, Exception exception);
}
