using BareMetal.Drivers.Simulated;
using BareMetal.Provisioning.Drivers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BareMetal.Drivers.Tests;

/// <summary>A driver over a fresh fleet, a fake clock and a recording sink; one per test.</summary>
internal sealed class SimulatedDriverHarness : IDisposable
{
    private static int s_nextNode;

    public SimulatedDriverHarness(Action<SimulatedDriverOptions>? configure = null)
    {
        var options = new SimulatedDriverOptions();
        configure?.Invoke(options);
        Options = options;
        Fleet = new SimulatedFleet(options.InitialPowerState, options.StateDirectory is { } directory ? new SimulatedStateDirectory(directory) : null);
        Driver = new SimulatedHardwareDriver(Fleet, Microsoft.Extensions.Options.Options.Create(options), Sink, Clock, NullLogger<SimulatedHardwareDriver>.Instance);
        NodeId = $"node-{Interlocked.Increment(ref s_nextNode)}";
        Node = NodeDriverContext.ForNode(NodeId);
    }

    public static TimeSpan Deadline { get; } = TimeSpan.FromSeconds(10);

    public FakeTimeProvider Clock { get; } = new();

    public RecordingCallbackSink Sink { get; } = new();

    public SimulatedFleet Fleet { get; }

    public SimulatedDriverOptions Options { get; }

    public SimulatedHardwareDriver Driver { get; }

    public string NodeId { get; }

    public NodeDriverContext Node { get; }

    public SimulatedBmc Bmc => Fleet[NodeId];

    public StepToken Token(int step = 0, int attempt = 1) => new(NodeId, "op-1", step, attempt);

    /// <summary>Options with every latency zero, for tests about behaviour rather than time.</summary>
    public static void Instant(SimulatedDriverOptions options)
    {
        options.PowerLatency = TimeSpan.Zero;
        options.ImageWriteLatency = TimeSpan.Zero;
        options.CleanLatency = TimeSpan.Zero;
        options.TearDownLatency = TimeSpan.Zero;
    }

    public void Dispose() => Driver.Dispose();
}
