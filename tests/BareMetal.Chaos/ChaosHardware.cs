namespace BareMetal.Chaos;

/// <summary>
/// The simulated hardware every silo drives: step durations of a few hundred milliseconds to a few seconds, so that
/// faults land in the middle of steps, and one state folder shared by all silo processes, whose executions log names
/// the process that ran each step that is not idempotent.
/// </summary>
public static class ChaosHardware
{
    /// <summary>The longest step (an image write); operations get this much on top of the terminal bound.</summary>
    public static readonly TimeSpan LongestStep = TimeSpan.FromSeconds(3);

    /// <summary>The silo settings (environment-variable form) for simulated hardware kept in <paramref name="stateDirectory"/>.</summary>
    public static IReadOnlyDictionary<string, string> Settings(string stateDirectory) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["BareMetal__Drivers__Simulated__StateDirectory"] = stateDirectory,
        ["BareMetal__Drivers__Simulated__PowerLatency"] = "00:00:00.300",
        ["BareMetal__Drivers__Simulated__ValidateLatency"] = "00:00:00.200",
        ["BareMetal__Drivers__Simulated__RamdiskLatency"] = "00:00:00.300",
        ["BareMetal__Drivers__Simulated__ImageWriteLatency"] = LongestStep.ToString("c"),
        ["BareMetal__Drivers__Simulated__CleanLatency"] = "00:00:01",
        ["BareMetal__Drivers__Simulated__TearDownLatency"] = "00:00:00.500",
        ["BareMetal__Drivers__Simulated__InspectLatency"] = "00:00:01",
        ["BareMetal__Drivers__Simulated__RescueLatency"] = "00:00:01",
    };
}
