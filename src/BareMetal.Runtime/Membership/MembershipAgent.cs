using BareMetal.Hosting;
using BareMetal.Runtime.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Runtime.Membership;

/// <summary>
/// Keeps the local silo's row in the membership table and detects failed peers without a leader:
/// every Active silo probes every other Active silo, votes in the table when one misses its probes,
/// and whoever completes the vote count writes Dead. Any Active silo may also declare dead a silo
/// whose heartbeat is too old.
/// </summary>
/// <remarks>
/// Two lifecycle participants: this one at <see cref="SiloLifecycleStage.RuntimeServices"/> joins
/// (row inserted as Joining, predecessors on the same endpoint retired) and starts heartbeats and
/// table refreshes; on stop it writes ShuttingDown then Dead. <see cref="ActiveStageParticipant"/> at
/// <see cref="SiloLifecycleStage.Active"/> calls <see cref="BecomeActiveAsync"/> (Joining to Active,
/// probing starts) and, being stopped first, writes ShuttingDown while the catalog drains.
/// A silo that reads its own row as Dead never writes it back: it raises
/// <see cref="LocalSiloDeclaredDead"/> and stops the host.
/// </remarks>
internal sealed partial class MembershipAgent : ISiloLifecycleParticipant, IDisposable
{
    // Conflicts only come from concurrent voters and status writers; a handful of retries is plenty,
    // and the next period tries again anyway.
    private const int MaxWriteAttempts = 8;

    private readonly ILocalSiloDetails _local;
    private readonly IMembershipTable _table;
    private readonly ISiloProber _prober;
    private readonly ClusterMembershipService _membership;
    private readonly MembershipOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<MembershipAgent> _logger;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _viewGate = new(1, 1);

    // Consecutive missed probes per peer; only the probe round touches it, and it never overlaps itself.
    private readonly Dictionary<SiloAddress, int> _missedProbes = [];
    private readonly PeriodicRound _heartbeatRound;
    private readonly PeriodicRound _refreshRound;
    private readonly PeriodicRound _probeRound;
    private readonly PeriodicRound _cleanupRound;
    private readonly PeriodicRound[] _rounds;
    private volatile SiloStatus _status;
    private volatile bool _leaving;
    private int _declaredDead;

    public MembershipAgent(
        ILocalSiloDetails local,
        IMembershipTable table,
        ISiloProber prober,
        ClusterMembershipService membership,
        IOptions<MembershipOptions> options,
        TimeProvider time,
        ILogger<MembershipAgent> logger,
        IHostApplicationLifetime? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(options);
        _local = local;
        _table = table;
        _prober = prober;
        _membership = membership;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _lifetime = lifetime;
        var stopping = _stopping.Token;
        _heartbeatRound = new PeriodicRound(time, _options.IAmAlivePeriod, HeartbeatAsync, LogHeartbeatFailed, stopping);
        _refreshRound = new PeriodicRound(time, _options.TableRefreshPeriod, RefreshAsync, LogRefreshFailed, stopping);
        _probeRound = new PeriodicRound(time, _options.ProbePeriod, ProbeRoundAsync, LogProbeRoundFailed, stopping);
        _cleanupRound = new PeriodicRound(time, _options.DefunctSiloCleanupAge, CleanupAsync, LogCleanupFailed, stopping);
        _rounds = [_heartbeatRound, _refreshRound, _probeRound, _cleanupRound];
        ActiveStageParticipant = new ActiveStage(this);
    }

    /// <summary>Raised once when this silo finds its own row Dead (or gone) while it meant to be alive.</summary>
    public event EventHandler<SiloAddress>? LocalSiloDeclaredDead;

    public int Stage => SiloLifecycleStage.RuntimeServices;

    /// <summary>The participant to register at <see cref="SiloLifecycleStage.Active"/>.</summary>
    public ISiloLifecycleParticipant ActiveStageParticipant { get; }

    public SiloAddress LocalSilo => _local.SiloAddress;

    /// <summary>The status this silo last wrote (Dead also after being declared dead).</summary>
    public SiloStatus LocalStatus => _status;

    public bool IsDeclaredDead => Volatile.Read(ref _declaredDead) != 0;

    public async Task OnStartAsync(CancellationToken cancellationToken)
    {
        if (_prober is NoOpSiloProber)
        {
            LogNoProber();
        }

        await RetirePredecessorsAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var entry = new MembershipEntry
        {
            Silo = LocalSilo,
            SiloName = _local.SiloName,
            Status = SiloStatus.Joining,
            GatewayPort = _local.GatewayPort,
            StartTime = now,
            IAmAliveTime = now,
        };
        if (!await _table.InsertRowAsync(entry, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException(
                $"The membership table already has a row for silo {LocalSilo}; the generation of a silo address must be new on every start.");
        }

        _status = SiloStatus.Joining;
        LogJoined(LocalSilo, _local.SiloName);
        await ReadAndPublishAsync(cancellationToken).ConfigureAwait(false);
        _heartbeatRound.Start();
        _refreshRound.Start();
        _cleanupRound.Start();
    }

    /// <summary>
    /// Moves this silo from Joining to Active and starts probing peers. Called by
    /// <see cref="ActiveStageParticipant"/>; throws when the silo was declared dead meanwhile.
    /// </summary>
    public async Task BecomeActiveAsync(CancellationToken cancellationToken)
    {
        if (_status == SiloStatus.None)
        {
            throw new InvalidOperationException($"Silo {LocalSilo} has not joined the membership table; the agent's OnStartAsync must run first.");
        }

        ThrowIfDeclaredDead();
        var seen = SiloStatus.None;
        var written = await TryChangeRowAsync(LocalSilo, (_, row) =>
        {
            seen = row.Entry.Status;
            return seen == SiloStatus.Joining ? row.Entry with { Status = SiloStatus.Active, IAmAliveTime = _time.GetUtcNow() } : null;
        }, cancellationToken).ConfigureAwait(false);
        ThrowIfDeclaredDead();
        if (!written && seen != SiloStatus.Active)
        {
            throw new InvalidOperationException($"Silo {LocalSilo} could not write its Active status (row status {seen}).");
        }

        _status = SiloStatus.Active;
        LogBecameActive(LocalSilo);
        await ReadAndPublishAsync(cancellationToken).ConfigureAwait(false);
        _probeRound.Start();
    }

    /// <summary>Starts a graceful leave: stops probing and writes ShuttingDown (the catalog drains next).</summary>
    public async Task BeginLeaveAsync(CancellationToken cancellationToken)
    {
        _leaving = true;
        await _probeRound.HaltAsync().ConfigureAwait(false);
        await WriteOwnStatusSafelyAsync(SiloStatus.ShuttingDown, cancellationToken).ConfigureAwait(false);
    }

    public async Task OnStopAsync(CancellationToken cancellationToken)
    {
        _leaving = true;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_rounds.Select(r => r.HaltAsync())).ConfigureAwait(false);
        if (_status == SiloStatus.None || IsDeclaredDead)
        {
            return;
        }

        await WriteOwnStatusSafelyAsync(SiloStatus.ShuttingDown, cancellationToken).ConfigureAwait(false);
        await WriteOwnStatusSafelyAsync(SiloStatus.Dead, cancellationToken).ConfigureAwait(false);
        try
        {
            await ReadAndPublishAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogRefreshFailed(exception);
        }
    }

    /// <summary>Stops the timers without writing to the table (a crash, as far as peers can tell).</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        foreach (var round in _rounds)
        {
            round.Dispose();
        }
    }

    /// <summary>Completes when no periodic round is running (tests await it after moving fake time).</summary>
    internal Task WhenIdleAsync() => Task.WhenAll(_rounds.Select(r => r.Current));

    private void ThrowIfDeclaredDead()
    {
        if (IsDeclaredDead)
        {
            throw new InvalidOperationException($"Silo {LocalSilo} was declared dead by its peers; it cannot become active and is stopping.");
        }
    }

    private async Task RetirePredecessorsAsync(CancellationToken cancellationToken)
    {
        var rows = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        foreach (var predecessor in rows.Select(r => r.Entry).Where(e => IsPredecessor(e.Silo) && e.Status != SiloStatus.Dead))
        {
            var retired = await TryChangeRowAsync(
                predecessor.Silo,
                (_, row) => row.Entry.Status == SiloStatus.Dead ? null : row.Entry with { Status = SiloStatus.Dead },
                cancellationToken).ConfigureAwait(false);
            if (retired)
            {
                LogPredecessorRetired(predecessor.Silo, LocalSilo);
            }
        }
    }

    private bool IsPredecessor(SiloAddress silo) =>
        silo.Host == LocalSilo.Host && silo.Port == LocalSilo.Port && silo.Generation < LocalSilo.Generation;

    private async Task WriteOwnStatusSafelyAsync(SiloStatus status, CancellationToken cancellationToken)
    {
        try
        {
            // Statuses only move forward (Joining < Active < ShuttingDown < Dead): never resurrect.
            var written = await TryChangeRowAsync(
                LocalSilo,
                (_, row) => row.Entry.Status >= status ? null : row.Entry with { Status = status, IAmAliveTime = _time.GetUtcNow() },
                cancellationToken).ConfigureAwait(false);
            if (!IsDeclaredDead)
            {
                _status = status;
            }

            if (written)
            {
                LogStatusWritten(LocalSilo, status);
            }
        }
        catch (Exception exception)
        {
            LogStatusWriteFailed(exception, LocalSilo, status);
        }
    }

    private async Task CleanupAsync(CancellationToken cancellationToken)
    {
        if (IsDeclaredDead)
        {
            return;
        }

        await _table.CleanupDefunctSilosAsync(_time.GetUtcNow() - _options.DefunctSiloCleanupAge, cancellationToken).ConfigureAwait(false);
    }

    private void OnDeclaredDead(MembershipEntry? ownEntry)
    {
        if (Interlocked.Exchange(ref _declaredDead, 1) != 0)
        {
            return;
        }

        _status = SiloStatus.Dead;

        // Halt without waiting: this may run inside one of the rounds.
        foreach (var round in _rounds)
        {
            round.Halt();
        }

        if (ownEntry is null)
        {
            LogOwnRowMissing(LocalSilo);
        }
        else
        {
            LogDeclaredDeadByPeers(LocalSilo, DescribeVoters(ownEntry.Suspicions));
        }

        try
        {
            LocalSiloDeclaredDead?.Invoke(this, LocalSilo);
        }
        catch (Exception exception)
        {
            LogDeclaredDeadHandlerFailed(exception);
        }

        try
        {
            _lifetime?.StopApplication();
        }
        catch (Exception exception)
        {
            LogStopApplicationFailed(exception);
        }
    }

    private static string DescribeVoters(IReadOnlyList<SuspectVote> votes) =>
        votes.Count == 0 ? "none (heartbeat age or restart)" : string.Join(", ", votes.Select(v => v.Voter));

    private sealed class ActiveStage(MembershipAgent agent) : ISiloLifecycleParticipant
    {
        public int Stage => SiloLifecycleStage.Active;

        public Task OnStartAsync(CancellationToken cancellationToken) => agent.BecomeActiveAsync(cancellationToken);

        public Task OnStopAsync(CancellationToken cancellationToken) => agent.BeginLeaveAsync(cancellationToken);
    }
}
