using BareMetal.Provisioning.Nodes;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>A node cluster whose step timeouts are about a second, so that tests can watch them expire.</summary>
public sealed class NodeTimeoutClusterFixture : NodeClusterFixture
{
    public static readonly TimeSpan DeployTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Longer than the deploy timeout so that the steps leading up to a deploy never expire on a busy machine.</summary>
    public static readonly TimeSpan OtherTimeout = TimeSpan.FromSeconds(2);

    protected override void ConfigureNodes(NodeProvisioningOptions options)
    {
        options.DeployCallbackTimeout = DeployTimeout;
        options.CleanTimeout = OtherTimeout;
        options.VerifyTimeout = OtherTimeout;
        options.PowerActionTimeout = OtherTimeout;
        options.SoftPowerOffTimeout = OtherTimeout;
        options.InspectTimeout = OtherTimeout;
        options.RescueTimeout = OtherTimeout;
        options.TimeoutCheckInterval = TimeSpan.FromMilliseconds(200);
    }

    protected override void ConfigureSettings(IDictionary<string, string?> settings) =>
        settings["BareMetal:Reminders:MinimumReminderPeriod"] = "00:00:00.200";
}
