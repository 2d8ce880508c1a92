using Microsoft.Extensions.Logging;

namespace BareMetal.Storage.Relational;

internal sealed partial class GroupCommitQueue<TRequest, TResult>
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "A group of {Count} {Description} failed; each of its callers gets the error")]
    private partial void LogGroupFailed(string description, int count, Exception error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A group of {Count} {Description} rolled back on one request's data; running them one by one")]
    private partial void LogRunningAlone(string description, int count, Exception error);
}
