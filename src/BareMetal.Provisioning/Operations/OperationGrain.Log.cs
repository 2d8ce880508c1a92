using Microsoft.Extensions.Logging;

namespace BareMetal.Provisioning.Operations;

public sealed partial class OperationGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The operation index could not record operation {OperationId}; it catches up at the next change")]
    private partial void LogIndexFailed(string operationId, Exception exception);
}
