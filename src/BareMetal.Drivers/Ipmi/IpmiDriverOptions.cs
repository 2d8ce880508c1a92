namespace BareMetal.Drivers.Ipmi;

/// <summary>How the "ipmi" hardware type runs ipmitool (Ironic's [ipmi] settings, where it has them).</summary>
public sealed class IpmiDriverOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Drivers:Ipmi";

    /// <summary>The ipmitool executable: a name looked up on PATH or a full path. Default "ipmitool".</summary>
    public string IpmitoolPath { get; set; } = "ipmitool";

    /// <summary>
    /// How many ipmitool processes this process runs at once, across all nodes; further calls wait for a free slot,
    /// so a fleet-wide power sync cannot fork thousands of processes. Default 16.
    /// </summary>
    public int MaxConcurrentProcesses { get; set; } = 16;

    /// <summary>
    /// How long one ipmitool call may take before it is killed and counted as "the BMC did not answer" (a BMC that
    /// hangs or is unreachable never answers UDP). Default 10 s.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a command that failed for a transient reason (no answer, BMC busy) is retried before the failure is
    /// reported (Ironic's <c>command_retry_timeout</c>). Rejected credentials are never retried. Default 60 s.
    /// </summary>
    public TimeSpan CommandRetryTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The pause between two attempts of a retried command (Ironic's <c>min_command_interval</c>). Default 5 s.</summary>
    public TimeSpan MinCommandInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether ipmitool runs below normal priority (nice 10 on Linux), so that during a fleet-wide power sync the
    /// API and the grains get the CPU first and ipmitool takes what is left. Default true.
    /// </summary>
    public bool RunBelowNormalPriority { get; set; } = true;

    /// <summary>How often the power state is read while waiting for a power action to take effect. Default 1 s.</summary>
    public TimeSpan PowerStatePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The cipher suite passed with <c>-C</c> when a node's driver_info has no <c>ipmi_cipher_suite</c>; null leaves
    /// ipmitool's own default. Default null.
    /// </summary>
    public int? DefaultCipherSuite { get; set; }

    /// <summary>
    /// What reads power states (power sync, manage, waiting for a power action): <see cref="IpmiPowerStatusClient.Native"/>
    /// (default), an in-process IPMI v2.0 client that keeps a session per BMC, or <see cref="IpmiPowerStatusClient.Ipmitool"/>.
    /// Power and boot device actions always go through ipmitool.
    /// </summary>
    public IpmiPowerStatusClient PowerStatusClient { get; set; } = IpmiPowerStatusClient.Native;

    /// <summary>
    /// How many native IPMI requests run at once in this process, across all BMCs (a handshake counts as part of its
    /// request); further reads wait for a slot within their <see cref="CommandTimeout"/>. Default 64.
    /// </summary>
    public int MaxConcurrentNativeRequests { get; set; } = 64;

    /// <summary>
    /// How long a native IPMI session may sit unused and still be reused; an older one is closed and a new one opened.
    /// BMCs end a silent session after their inactivity timeout (60 s by the IPMI specification, often 30 s), and a
    /// request in a session the BMC dropped is never answered. Default 20 s.
    /// </summary>
    public TimeSpan NativeSessionIdleTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
