namespace BareMetal.Chaos;

/// <summary>One line of the summary: what was counted or measured, whether it is within its bound, and a few examples.</summary>
/// <param name="Name">What is checked, readable.</param>
/// <param name="Value">The count or the measurement, as printed.</param>
/// <param name="Passed">Whether it holds; null for a figure that is only reported.</param>
/// <param name="Examples">Up to a few concrete cases (operation ids, keys, times) when it does not hold.</param>
public sealed record ChaosCheck(string Name, string Value, bool? Passed, IReadOnlyList<string> Examples)
{
    /// <summary>A figure printed for information only.</summary>
    public static ChaosCheck Figure(string name, string value) => new(name, value, null, []);

    /// <summary>A count that must be zero.</summary>
    public static ChaosCheck Zero(string name, int count, IEnumerable<string> examples) =>
        new(name, count.ToString(System.Globalization.CultureInfo.InvariantCulture), count == 0, [.. examples.Take(ExampleCount)]);

    /// <summary>A duration that must not exceed <paramref name="bound"/>.</summary>
    public static ChaosCheck AtMost(string name, TimeSpan measured, TimeSpan bound, IEnumerable<string> examples) =>
        new(
            $"{name} (bound {bound.TotalSeconds:0.#} s)",
            $"{measured.TotalSeconds:0.0} s",
            measured <= bound,
            measured <= bound ? [] : [.. examples.Take(ExampleCount)]);

    /// <summary>How many examples a failing check shows.</summary>
    public const int ExampleCount = 3;
}
