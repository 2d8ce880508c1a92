namespace BareMetal.Ironic.Benchmarks;

/// <summary>What one phase measured.</summary>
/// <param name="Name">The phase.</param>
/// <param name="Nodes">Nodes that went through it.</param>
/// <param name="Elapsed">From the first request to the last node in its target state.</param>
/// <param name="Calls">The state-change calls' latencies.</param>
/// <param name="Failures">Calls answered with another status than expected, or nodes that missed their state.</param>
internal sealed record PhaseResult(string Name, int Nodes, TimeSpan Elapsed, LatencyRecorder Calls, int Failures)
{
    public double NodesPerSecond => Nodes / Elapsed.TotalSeconds;
}
