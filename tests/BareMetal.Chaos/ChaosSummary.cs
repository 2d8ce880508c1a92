using System.Text;

namespace BareMetal.Chaos;

/// <summary>The one summary a run prints: its figures and checks, in order; the run fails when any check fails.</summary>
public sealed class ChaosSummary
{
    private readonly List<ChaosCheck> _lines = [];

    /// <summary>Every figure and check, in the order they were added.</summary>
    public IReadOnlyList<ChaosCheck> Lines => _lines;

    /// <summary>The checks that failed.</summary>
    public IReadOnlyList<ChaosCheck> Failures => [.. _lines.Where(l => l.Passed == false)];

    /// <summary>Adds a figure or a check.</summary>
    public void Add(ChaosCheck line) => _lines.Add(line);

    /// <summary>The summary as printed: one line per figure or check, failing checks with their examples.</summary>
    public override string ToString()
    {
        var width = _lines.Count == 0 ? 0 : _lines.Max(l => l.Name.Length);
        var text = new StringBuilder();
        foreach (var line in _lines)
        {
            var verdict = line.Passed switch { true => "ok  ", false => "FAIL", null => "    " };
            text.Append(verdict).Append(' ').Append(line.Name.PadRight(width)).Append("  ").Append(line.Value).Append('\n');
            foreach (var example in line.Examples)
            {
                text.Append("       e.g. ").Append(example).Append('\n');
            }
        }

        var failures = Failures.Count;
        text.Append(failures == 0 ? "chaos: every check passed\n" : $"chaos: {failures} check(s) failed\n");
        return text.ToString();
    }
}
