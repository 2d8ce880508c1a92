using BareMetal.Drivers.Simulated;
using BareMetal.Provisioning.Drivers;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>
/// The simulated hardware registered under a second name, so that tests can move a node from one driver to
/// another (both act on the same simulated BMCs).
/// </summary>
public sealed class SecondHardwareDriver(SimulatedHardwareDriver hardware) : IHardwareDriver
{
    public const string DriverName = "second-hardware";

    public string Name => DriverName;

    public IPowerInterface Power => hardware.Power;

    public IManagementInterface Management => hardware.Management;

    public IDeployInterface Deploy => hardware.Deploy;

    public IBootInterface Boot => hardware.Boot;

    public IInspectInterface Inspect => hardware.Inspect;

    public IRescueInterface Rescue => hardware.Rescue;
}
