using BareMetal.Contracts.Nodes;

namespace BareMetal.Drivers.Simulated;

/// <summary>How the simulated "fake-hardware" driver behaves. Latencies run on the injected <see cref="TimeProvider"/>; zero means "at once".</summary>
public sealed class SimulatedDriverOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Drivers:Simulated";

    /// <summary>How long a power action takes. Default 50 ms.</summary>
    public TimeSpan PowerLatency { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long reading the power state takes. Default 0.</summary>
    public TimeSpan PowerReadLatency { get; set; } = TimeSpan.Zero;

    /// <summary>How long the simulated agent takes to write an image, after its heartbeat. Default 200 ms.</summary>
    public TimeSpan ImageWriteLatency { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long cleaning takes. Default 100 ms.</summary>
    public TimeSpan CleanLatency { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Whether cleaning runs in a simulated ramdisk agent, like an image write: the call returns pending and the
    /// agent reports done or failed later (the node then passes through "clean wait"). Default false (cleaning
    /// finishes within the call).
    /// </summary>
    public bool CleanViaAgent { get; set; }

    /// <summary>How long tearing down takes. Default 50 ms.</summary>
    public TimeSpan TearDownLatency { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long validation takes. Default 0.</summary>
    public TimeSpan ValidateLatency { get; set; } = TimeSpan.Zero;

    /// <summary>How long preparing or cleaning up the ramdisk takes. Default 0.</summary>
    public TimeSpan RamdiskLatency { get; set; } = TimeSpan.Zero;

    /// <summary>How long inspecting takes. Default 50 ms.</summary>
    public TimeSpan InspectLatency { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long the simulated rescue ramdisk takes to boot before its agent reports. Default 100 ms.</summary>
    public TimeSpan RescueLatency { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The properties every inspection finds (Ironic's names). Default 8 x86_64 CPUs, 32 GiB, 480 GB disk.</summary>
    public IDictionary<string, string> InspectedProperties { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cpus"] = "8",
        ["memory_mb"] = "32768",
        ["local_gb"] = "480",
        ["cpu_arch"] = "x86_64",
    };

    /// <summary>The callback timeout hint returned with a pending deploy (Ironic's deploy_callback_timeout). Default 30 min.</summary>
    public TimeSpan DeployCallbackTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The power state of a node's BMC before anyone touches it. Default <see cref="PowerState.Off"/>.</summary>
    public PowerState InitialPowerState { get; set; } = PowerState.Off;

    /// <summary>driver_info keys validation requires (non-empty values). Default none.</summary>
    public IList<string> RequiredDriverInfoKeys { get; } = [];
}
