namespace BareMetal.Contracts.Nodes;

/// <summary>
/// A node's power state as last read from (or set on) its BMC. The Ironic name of each value is
/// given by <see cref="PowerStateNames"/>.
/// </summary>
public enum PowerState
{
    /// <summary>Not known yet (Ironic reports <c>null</c>): never read, or the BMC was not reachable.</summary>
    Unknown,

    /// <summary>"power on".</summary>
    On,

    /// <summary>"power off".</summary>
    Off,

    /// <summary>"error": the BMC answered but the power state could not be determined.</summary>
    Error,
}
