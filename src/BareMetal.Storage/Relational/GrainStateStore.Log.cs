using Microsoft.Extensions.Logging;

namespace BareMetal.Storage.Relational;

internal sealed partial class GrainStateStore
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Storage {StorageName} refused a write of {StateKey}: stored version {StoredETag}, expected {ExpectedETag}")]
    private partial void LogConflict(string storageName, string stateKey, string? storedETag, string? expectedETag);
}
