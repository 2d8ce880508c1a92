using BareMetal.Provisioning.Nodes;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>The node cluster with step reports resent quickly, for tests that make calls in the report path fail.</summary>
public sealed class NodeStepReportFaultClusterFixture : NodeClusterFixture
{
    protected override void ConfigureNodes(NodeProvisioningOptions options)
    {
        options.StepReportAttempts = 4;
        options.StepReportRetryDelay = TimeSpan.FromMilliseconds(50);
    }
}
