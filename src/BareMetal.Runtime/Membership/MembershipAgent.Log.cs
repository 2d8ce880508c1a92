using BareMetal.Runtime.Cluster;
using Microsoft.Extensions.Logging;

namespace BareMetal.Runtime.Membership;

internal sealed partial class MembershipAgent
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "No silo prober is registered: peers are declared dead only when their heartbeat is too old")]
    private partial void LogNoProber();

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} ({SiloName}) joined the membership table as Joining")]
    private partial void LogJoined(SiloAddress silo, string siloName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} is Active")]
    private partial void LogBecameActive(SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} wrote its status {Status}")]
    private partial void LogStatusWritten(SiloAddress silo, SiloStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silo} could not write its status {Status}; peers will declare it dead by probes or heartbeat age")]
    private partial void LogStatusWriteFailed(Exception exception, SiloAddress silo, SiloStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Predecessor {Predecessor} on the same endpoint declared dead by its restart {Silo}")]
    private partial void LogPredecessorRetired(SiloAddress predecessor, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Membership heartbeat failed; retrying next period")]
    private partial void LogHeartbeatFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Membership table refresh failed; retrying next period")]
    private partial void LogRefreshFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Membership probe round failed; retrying next period")]
    private partial void LogProbeRoundFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleanup of defunct silo rows failed; retrying next period")]
    private partial void LogCleanupFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Target} missed a probe ({Missed} in a row, limit {Limit})")]
    private partial void LogProbeMissed(SiloAddress target, int missed, int limit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Target} answers probes again after {Missed} missed")]
    private partial void LogProbeRecovered(SiloAddress target, int missed);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Probe of silo {Target} timed out after {Timeout}")]
    private partial void LogProbeTimedOut(SiloAddress target, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Probe of silo {Target} failed")]
    private partial void LogProbeFailed(Exception exception, SiloAddress target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Voted that silo {Target} is dead ({Votes} fresh votes of {Needed} needed)")]
    private partial void LogSuspected(SiloAddress target, int votes, int needed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Declared silo {Target} dead (votes by {Voters})")]
    private partial void LogDeclaredDeadByVotes(SiloAddress target, string voters);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Declared silo {Target} dead: last heartbeat {LastHeartbeat} is older than {MaxAge}")]
    private partial void LogDeclaredDeadByHeartbeatAge(SiloAddress target, DateTimeOffset lastHeartbeat, TimeSpan maxAge);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Membership row of silo {Silo} changed under attempt {Attempt}; re-reading")]
    private partial void LogWriteConflict(SiloAddress silo, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up writing the membership row of silo {Silo} after {Attempts} conflicting attempts; retrying next period")]
    private partial void LogWriteGaveUp(SiloAddress silo, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "This silo {Silo} was declared dead by its peers (votes by {Voters}); stopping it, it must not serve grains any more")]
    private partial void LogDeclaredDeadByPeers(SiloAddress silo, string voters);

    [LoggerMessage(Level = LogLevel.Error, Message = "The membership row of this silo {Silo} is gone (cleaned up as dead); stopping it, it must not serve grains any more")]
    private partial void LogOwnRowMissing(SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Error, Message = "A LocalSiloDeclaredDead handler failed")]
    private partial void LogDeclaredDeadHandlerFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stopping the application after this silo was declared dead failed")]
    private partial void LogStopApplicationFailed(Exception exception);
}
