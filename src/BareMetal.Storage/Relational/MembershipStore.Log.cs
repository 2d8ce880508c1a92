using BareMetal.Runtime.Cluster;
using Microsoft.Extensions.Logging;

namespace BareMetal.Storage.Relational;

internal sealed partial class MembershipStore
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Membership row of {Silo} in cluster {ClusterId} not updated: ETag {ETag} is stale or the row is gone")]
    private partial void LogStaleUpdate(SiloAddress silo, string clusterId, string eTag);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} dead silos with heartbeats older than {OlderThan} from cluster {ClusterId}")]
    private partial void LogDefunctSilosRemoved(int count, string clusterId, DateTimeOffset olderThan);
}
