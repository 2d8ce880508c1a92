using Microsoft.Extensions.Logging;

namespace BareMetal.Provisioning.Operations;

public sealed partial class OperationGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The operation index could not record operation {OperationId}; it catches up at the next change")]
    private partial void LogIndexFailed(string operationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The completion notifications of operation {OperationId} could not be prepared; a reminder retries them")]
    private partial void LogNotificationsFailed(string operationId, Exception exception);
}
