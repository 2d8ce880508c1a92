using BareMetal.Provisioning.Nodes;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>A node cluster whose nodes sync their power state every 300 ms, so that tests can watch drift and BMC failures.</summary>
public class NodePowerSyncClusterFixture : NodeClusterFixture
{
    public static readonly TimeSpan PowerSyncInterval = TimeSpan.FromMilliseconds(300);

    /// <summary>The policy on drift; a derived fixture turns it off.</summary>
    protected virtual bool EnforcePowerState => true;

    protected override void ConfigureNodes(NodeProvisioningOptions options)
    {
        options.PowerSyncInterval = PowerSyncInterval;
        options.EnforcePowerState = EnforcePowerState;
    }

    protected override void ConfigureSettings(IDictionary<string, string?> settings) =>
        settings["BareMetal:Reminders:MinimumReminderPeriod"] = "00:00:00.100";
}
