using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace BareMetal.Cluster.Tests.Infrastructure;

/// <summary>
/// How Orleans tells a caller that the silo meant to serve its call is gone (our runtime threw one
/// SiloUnavailableException for all of these). A caller can retry such a call elsewhere; a timeout is not one of
/// them: it means the call was lost without an answer.
/// </summary>
public static class SiloLoss
{
    public static bool Reported(Exception? exception) => exception is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException;
}
