using BareMetal.Runtime.Cluster;

namespace BareMetal.Runtime.Membership;

internal sealed partial class MembershipAgent
{
    private async Task ProbeRoundAsync(CancellationToken cancellationToken)
    {
        if (_status != SiloStatus.Active || IsDeclaredDead)
        {
            return;
        }

        var targets = _membership.CurrentView.ActiveSilos.Where(s => s != LocalSilo).ToList();
        foreach (var gone in _missedProbes.Keys.Except(targets).ToList())
        {
            _missedProbes.Remove(gone);
        }

        if (targets.Count == 0)
        {
            return;
        }

        var answers = await Task.WhenAll(targets.Select(t => ProbeAsync(t, cancellationToken))).ConfigureAwait(false);
        if (cancellationToken.IsCancellationRequested || _prober.IsClosed)
        {
            // This silo is stopping or was killed while the probes were out (a process torn down piece by
            // piece closes its transport before everything else): the probes failed because its own
            // connections are going away, which says nothing about the targets. Counting them as misses
            // let a dying silo vote its healthy peer dead (with two silos one vote is enough).
            return;
        }

        var suspects = new List<SiloAddress>();
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            if (answers[i])
            {
                if (_missedProbes.Remove(target, out var missed))
                {
                    LogProbeRecovered(target, missed);
                }

                continue;
            }

            var count = _missedProbes.GetValueOrDefault(target) + 1;
            _missedProbes[target] = count;
            LogProbeMissed(target, count, _options.MissedProbesLimit);
            if (count >= _options.MissedProbesLimit)
            {
                suspects.Add(target);
            }
        }

        var anyDead = false;
        foreach (var suspect in suspects)
        {
            anyDead |= await SuspectAsync(suspect, cancellationToken).ConfigureAwait(false);
        }

        if (anyDead)
        {
            await ReadAndPublishAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> ProbeAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ProbeTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            // WaitAsync bounds a prober that ignores its token.
            return await _prober.ProbeAsync(target, _options.ProbeTimeout, linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogProbeTimedOut(target, _options.ProbeTimeout);
            return false;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogProbeFailed(exception, target);
            return false;
        }
    }

    /// <summary>
    /// Adds (or refreshes) this silo's vote against <paramref name="target"/>, dropping expired votes,
    /// and writes Dead in the same update when the fresh votes reach the threshold.
    /// </summary>
    /// <returns>Whether this vote declared the silo dead.</returns>
    private async Task<bool> SuspectAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        var dead = false;
        var needed = 0;
        IReadOnlyList<SuspectVote> votes = [];
        var written = await TryChangeRowAsync(target, (rows, row) =>
        {
            var entry = row.Entry;
            if (entry.Status == SiloStatus.Dead)
            {
                return null;
            }

            var now = _time.GetUtcNow();
            var fresh = entry.Suspicions
                .Where(v => v.Voter != LocalSilo && now - v.Time < _options.VoteExpiration)
                .GroupBy(v => v.Voter)
                .Select(g => g.MaxBy(v => v.Time)!)
                .Append(new SuspectVote(LocalSilo, now))
                .ToList();

            // With fewer Active peers than the configured count, all of them suffice (two silos: one vote).
            var otherActive = rows.Count(r => r.Entry.Status == SiloStatus.Active && r.Entry.Silo != target);
            needed = Math.Max(1, Math.Min(_options.VotesNeededToDeclareDead, otherActive));
            dead = fresh.Count >= needed;
            votes = fresh;
            return entry with { Suspicions = fresh, Status = dead ? SiloStatus.Dead : entry.Status };
        }, cancellationToken).ConfigureAwait(false);

        if (!written)
        {
            return false;
        }

        if (dead)
        {
            LogDeclaredDeadByVotes(target, DescribeVoters(votes));
        }
        else
        {
            LogSuspected(target, votes.Count, needed);
        }

        return dead;
    }
}
