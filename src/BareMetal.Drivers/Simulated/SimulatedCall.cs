namespace BareMetal.Drivers.Simulated;

/// <summary>What the BMC decided when a call began: its number and which injected fault applies.</summary>
internal readonly record struct SimulatedCall(int Number, string? FailureMessage, bool Hang, bool Unreachable);
