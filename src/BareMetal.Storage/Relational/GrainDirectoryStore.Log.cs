using BareMetal.Runtime;
using BareMetal.Runtime.Cluster;
using Microsoft.Extensions.Logging;

namespace BareMetal.Storage.Relational;

internal sealed partial class GrainDirectoryStore
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Grain {GrainId} stays with {Holder} (epoch {Epoch}) in cluster {ClusterId}; {Silo} did not register it")]
    private partial void LogHeldElsewhere(GrainId grainId, SiloAddress silo, string clusterId, SiloAddress holder, long epoch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} grain registrations of {SiloCount} silos from cluster {ClusterId}")]
    private partial void LogSilosUnregistered(int count, int siloCount, string clusterId);
}
