namespace BareMetal.Drivers.Redfish;

/// <summary>Settings of the "redfish" hardware type, per silo (configuration section "BareMetal:" + <see cref="SectionName"/>).</summary>
public sealed class RedfishDriverOptions
{
    /// <summary>The configuration section, under "BareMetal:" (as the other drivers' sections).</summary>
    public const string SectionName = "Drivers:Redfish";

    /// <summary>
    /// How long one HTTP request to a BMC may take, connecting included, before it fails with "did not answer".
    /// A BMC that hangs costs one slot of <see cref="MaxConcurrentRequests"/> for this long at most. Default 30 s.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many HTTP requests to BMCs this silo has in flight at most; further requests wait for a slot (their
    /// caller's deadline still applies). Bounds a fleet-wide power sync. Default 64.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = 64;

    /// <summary>How often the power state is read while waiting for a reset to take effect. Default 1 s.</summary>
    public TimeSpan PowerStatePollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
