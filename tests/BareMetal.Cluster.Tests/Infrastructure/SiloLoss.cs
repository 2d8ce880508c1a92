using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace BareMetal.Cluster.Tests.Infrastructure;

/// <summary>
/// How Orleans tells a caller that a silo it needed is gone. Our runtime threw one SiloUnavailableException for every
/// such call, at once; Orleans has two cases:
/// <list type="bullet">
/// <item>a call sent after the loss is refused when the connection cannot be made (<see cref="Reported"/>);</item>
/// <item>a call already sent to the silo (or through the gateway) that died is lost with it, and its caller learns
/// that only when the response timeout passes: a <see cref="TimeoutException"/> (<see cref="LostInFlight"/>).</item>
/// </list>
/// Anything else, or a timeout of a call that was not in flight at the loss, is a real failure.
/// </summary>
public static class SiloLoss
{
    /// <summary>Whether the runtime refused the call because a silo or gateway cannot be reached.</summary>
    public static bool Reported(Exception? exception) =>
        exception is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException;

    /// <summary>Whether <paramref name="call"/> timed out after being in flight when a silo died at <paramref name="lostAt"/>.</summary>
    public static bool LostInFlight(CounterCall call, TimeSpan lostAt)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.Error is TimeoutException && call.Start <= lostAt && call.End >= lostAt;
    }
}
