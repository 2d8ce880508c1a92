using BareMetal.Drivers.Ipmi;
using BareMetal.Drivers.Ipmi.Lan;
using BareMetal.Provisioning.Drivers;
using BareMetal.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace BareMetal.Drivers.Tests.Ipmi;

/// <summary>The ipmi driver with a real ipmitool runner and native IPMI client (short timeouts) over the simulated agent; one per test.</summary>
internal sealed class IpmiDriverHarness : IAsyncDisposable
{
    private static int s_nextNode;
    private readonly SimulatedDriverHarness _agent = new(SimulatedDriverHarness.Instant);

    public IpmiDriverHarness(Action<IpmiDriverOptions>? configure = null)
    {
        Options = new IpmiDriverOptions
        {
            // Generous: these tests share a small machine; the fault tests set their own short timeouts.
            CommandTimeout = TimeSpan.FromSeconds(10),
            CommandRetryTimeout = TimeSpan.Zero,
            MinCommandInterval = TimeSpan.FromMilliseconds(200),
            PowerStatePollInterval = TimeSpan.FromMilliseconds(100),
        };
        configure?.Invoke(Options);
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        Runner = new IpmiToolRunner(options, TimeProvider.System, NullLogger<IpmiToolRunner>.Instance);
        Lan = new IpmiLanClient(options, TimeProvider.System, NullLogger<IpmiLanClient>.Instance);
        Driver = new IpmiHardwareDriver(Runner, Lan, _agent.Driver, options, TimeProvider.System, NullLogger<IpmiHardwareDriver>.Instance);
    }

    public IpmiDriverOptions Options { get; }

    public IpmiToolRunner Runner { get; }

    public IpmiLanClient Lan { get; }

    public IpmiHardwareDriver Driver { get; }

    public RecordingCallbackSink AgentReports => _agent.Sink;

    /// <summary>A node whose driver_info points at <paramref name="bmc"/>, with its password or <paramref name="password"/>.</summary>
    public static NodeDriverContext Node(IpmiSimulator bmc, string? password = null) =>
        new($"ipmi-node-{Interlocked.Increment(ref s_nextNode)}", bmc.DriverInfo(password), new Dictionary<string, string>());

    public static NodeDriverContext Node(IReadOnlyDictionary<string, string> driverInfo) =>
        new($"ipmi-node-{Interlocked.Increment(ref s_nextNode)}", driverInfo, new Dictionary<string, string>());

    public async ValueTask DisposeAsync()
    {
        await Lan.DisposeAsync();
        Runner.Dispose();
        _agent.Dispose();
    }
}
