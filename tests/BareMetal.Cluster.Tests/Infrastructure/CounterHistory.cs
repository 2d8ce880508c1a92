using System.Globalization;

namespace BareMetal.Cluster.Tests.Infrastructure;

/// <summary>
/// Checks the history of one counter grain driven by a single sequential caller. Every increment is
/// written before it is acknowledged, so:
/// <list type="bullet">
/// <item>acknowledged counts only go up: a count at or below an earlier one means an acknowledged
/// increment was lost (a stale activation served, or state went backwards);</item>
/// <item>between two acknowledgements the count grows by one plus at most the number of failed calls
/// not yet seen applied: a failed call may or may not have been applied, but never twice. On Orleans it
/// may be applied late, after later calls succeeded (a timed-out message is still delivered once its
/// silo is declared dead); BareMetal's API answers such a failure with 503 and the caller's retry with
/// the same idempotency key, or the node's "same action already pending" rule, finds the one operation;</item>
/// <item>the state version (ETag) is the number of writes, so it equals the count;</item>
/// <item>activations never alternate: once a grain is served by a new activation, an older one never
/// answers again (two activations alive at once would show up as A, B, A).</item>
/// </list>
/// </summary>
public static class CounterHistory
{
    /// <summary>The violations found in <paramref name="calls"/> (empty when the history is consistent).</summary>
    /// <param name="calls">One grain's calls, in order.</param>
    /// <param name="initialCount">The count before the first call.</param>
    public static IReadOnlyList<CounterViolation> Violations(IReadOnlyList<CounterCall> calls, long initialCount = 0)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var violations = new List<CounterViolation>();
        var acknowledged = initialCount;
        // Failed calls not yet seen applied. Orleans may still deliver a call whose caller already got a timeout (a
        // message queued for a frozen silo is rerouted to the new activation once the silo is declared dead), so a
        // failed call can show up as an extra increment any time later; what it can never do is count twice.
        var unexplainedFailures = 0;
        var seen = new HashSet<Guid>();
        Guid? current = null;
        for (var index = 0; index < calls.Count; index++)
        {
            var call = calls[index];
            if (call.Reply is not { } reply)
            {
                unexplainedFailures++;
                continue;
            }

            var at = string.Create(CultureInfo.InvariantCulture, $"{call.Key} at {call.End.TotalSeconds:0.000} s on {reply.Silo}");
            if (reply.Count <= acknowledged)
            {
                violations.Add(new(index, $"{at}: count {reply.Count} is not above the acknowledged {acknowledged} (a lost increment)"));
            }
            else if (reply.Count > acknowledged + 1 + unexplainedFailures)
            {
                violations.Add(new(index, $"{at}: count {reply.Count} jumped from {acknowledged} with only {unexplainedFailures} failed calls not yet applied (a call applied twice)"));
            }

            if (reply.Version != reply.Count.ToString(CultureInfo.InvariantCulture))
            {
                violations.Add(new(index, $"{at}: state version {reply.Version} differs from count {reply.Count}"));
            }

            if (current != reply.Activation)
            {
                if (!seen.Add(reply.Activation))
                {
                    violations.Add(new(index, $"{at}: activation {reply.Activation} answered again after another activation had served the grain (two activations alive)"));
                }

                current = reply.Activation;
            }

            unexplainedFailures -= (int)Math.Clamp(reply.Count - acknowledged - 1, 0, unexplainedFailures);
            acknowledged = reply.Count;
        }

        return violations;
    }
}
