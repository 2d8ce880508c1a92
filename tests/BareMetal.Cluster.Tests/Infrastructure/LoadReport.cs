using System.Globalization;
using System.Text;

namespace BareMetal.Cluster.Tests.Infrastructure;

/// <summary>Summaries of a load's outcome for test output and failure messages.</summary>
public static class LoadReport
{
    /// <summary>Failures grouped by exception type, with one sample message and the time span they cover.</summary>
    public static string Failures(IEnumerable<CounterCall> calls)
    {
        var failed = calls.Where(c => c.Error is not null).ToList();
        if (failed.Count == 0)
        {
            return "no failed calls";
        }

        var builder = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{failed.Count} failed calls:");
        foreach (var group in failed.GroupBy(c => c.Error!.GetType().Name))
        {
            var first = group.MinBy(c => c.End)!;
            builder.Append(CultureInfo.InvariantCulture,
                $"\n  {group.Key} x{group.Count()} between {group.Min(c => c.End).TotalSeconds:0.000} s and {group.Max(c => c.End).TotalSeconds:0.000} s, e.g. {first.Key}: {first.Error!.Message}");
        }

        return builder.ToString();
    }

    /// <summary>
    /// Every violation of <see cref="CounterHistory"/> over the grains of <paramref name="load"/>,
    /// each followed by the grain's calls around it (the evidence).
    /// </summary>
    public static IReadOnlyList<string> HistoryViolations(CounterLoad load, long initialCount)
    {
        var violations = new List<string>();
        foreach (var key in load.Keys)
        {
            var calls = load.CallsOf(key);
            var found = CounterHistory.Violations(calls, initialCount);
            if (found.Count > 0)
            {
                violations.AddRange(found.Select(v => v.Message));
                var first = found[0].CallIndex;
                violations.Add(Trace(calls, Math.Max(0, first - 20), first + 5));
            }
        }

        return violations;
    }

    /// <summary>Calls <paramref name="from"/> to <paramref name="to"/> (inclusive) of one grain, one line each.</summary>
    public static string Trace(IReadOnlyList<CounterCall> calls, int from, int to)
    {
        var builder = new StringBuilder();
        foreach (var call in calls.Skip(from).Take(to - from + 1))
        {
            builder.Append(CultureInfo.InvariantCulture, $"    {call.Key} [{call.Start.TotalSeconds:0.000}-{call.End.TotalSeconds:0.000}] ");
            builder.Append(call.Reply is { } r
                ? string.Create(CultureInfo.InvariantCulture, $"count {r.Count} v{r.Version} on {r.Silo} activation {r.Activation.ToString()[..8]}")
                : $"{call.Error!.GetType().Name}: {call.Error.Message}");
            builder.Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>Median and maximum of durations.</summary>
    public static string Spread(IReadOnlyCollection<TimeSpan> values)
    {
        if (values.Count == 0)
        {
            return "none";
        }

        var sorted = values.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"median {sorted[sorted.Count / 2].TotalSeconds:0.000} s, max {sorted[^1].TotalSeconds:0.000} s over {sorted.Count}");
    }
}
