using BareMetal.Provisioning.Nodes;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>A recovery cluster whose image writes time out after a few seconds, so that a recovered step that never ends can be watched expiring.</summary>
public sealed class NodeRecoveryTimeoutClusterFixture : NodeRecoveryClusterFixture
{
    public static readonly TimeSpan DeployTimeout = TimeSpan.FromSeconds(5);

    protected override void ConfigureNodes(NodeProvisioningOptions options) => options.DeployCallbackTimeout = DeployTimeout;
}
