namespace BareMetal.Drivers.Simulated;

/// <summary>
/// A step the simulated hardware was given, by token: like a real agent or BMC job it keeps running when the
/// process that started it dies, and is over at <see cref="StartedAt"/> + <see cref="Latency"/>.
/// </summary>
/// <param name="Kind">What the step does.</param>
/// <param name="StartedAt">When the hardware started it.</param>
/// <param name="Latency">How long it takes; <see langword="null"/> when it hangs.</param>
/// <param name="Failure">The error it ends with, when an injected fault makes it fail.</param>
/// <param name="ImageSource">For an image write: the image it writes.</param>
/// <param name="ImageChecksum">For an image write: the image's checksum.</param>
public sealed record SimulatedStepRecord(
    SimulatedStepKind Kind,
    DateTimeOffset StartedAt,
    TimeSpan? Latency,
    string? Failure,
    string? ImageSource = null,
    string? ImageChecksum = null)
{
    /// <summary>How it ended, once the process running it recorded the end; <see langword="null"/> while running.</summary>
    public SimulatedStepOutcome? Outcome { get; init; }

    /// <summary>Why it failed or was cancelled.</summary>
    public string? Message { get; init; }
}
