namespace BareMetal.Drivers.Ipmi;

/// <summary>What reads a BMC's power state for the "ipmi" hardware type (power sync, manage, waiting for an action).</summary>
public enum IpmiPowerStatusClient
{
    /// <summary>
    /// The in-process IPMI v2.0 (RMCP+) client, with a session kept per BMC; ipmitool where it cannot (bridging, a
    /// cipher suite other than 3, a BMC that does not offer suite 3). The default.
    /// </summary>
    Native,

    /// <summary>ipmitool <c>power status</c>, one process per read, as Ironic's ipmitool driver does.</summary>
    Ipmitool,
}
