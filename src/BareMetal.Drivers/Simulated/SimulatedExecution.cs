namespace BareMetal.Drivers.Simulated;

/// <summary>One execution of a step that is not idempotent, as the simulated hardware logs it.</summary>
/// <param name="At">When the hardware was told to run it.</param>
/// <param name="Kind">What ran.</param>
/// <param name="Token">The step token, when the step has one (power actions have none).</param>
/// <param name="ProcessId">The process whose driver started it.</param>
public sealed record SimulatedExecution(DateTimeOffset At, SimulatedStepKind Kind, string? Token, int ProcessId);
