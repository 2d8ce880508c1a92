namespace BareMetal.Ironic.Benchmarks;

/// <summary>What one phase measured.</summary>
/// <param name="Name">The phase.</param>
/// <param name="Nodes">Nodes that went through it.</param>
/// <param name="Elapsed">From the first request to the last node in its target state.</param>
/// <param name="Calls">The state-change calls' latencies.</param>
/// <param name="Failures">Calls answered with another status than expected, or nodes that missed their state.</param>
/// <param name="ProcessorTime">CPU time this process used during the phase (server and load generator when in-process).</param>
internal sealed record PhaseResult(string Name, int Nodes, TimeSpan Elapsed, LatencyRecorder Calls, int Failures, TimeSpan ProcessorTime)
{
    public double NodesPerSecond => Nodes / Elapsed.TotalSeconds;

    /// <summary>CPU milliseconds per node: unlike nodes/s, barely moved by other processes sharing the machine.</summary>
    public double CpuMillisecondsPerNode => ProcessorTime.TotalMilliseconds / Nodes;
}
