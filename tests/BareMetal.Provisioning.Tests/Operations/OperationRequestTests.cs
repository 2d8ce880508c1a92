using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Operations;

namespace BareMetal.Provisioning.Tests.Operations;

public sealed class OperationRequestTests
{
    [Fact]
    public void Fingerprint_ParametersInAnotherOrder_IsEqual()
    {
        var first = new OperationRequest("node-1", OperationAction.Clean, new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });
        var second = new OperationRequest("node-1", OperationAction.Clean, new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }, TraceId: "t", RequestedBy: "bob");

        Assert.Equal(first.Fingerprint(), second.Fingerprint());
    }

    [Fact]
    public void Fingerprint_DifferentBody_Differs()
    {
        var baseline = new OperationRequest("node-1", OperationAction.Clean, new Dictionary<string, string> { ["ab"] = "c" });

        Assert.NotEqual(baseline.Fingerprint(), (baseline with { Parameters = new Dictionary<string, string> { ["a"] = "bc" } }).Fingerprint());
        Assert.NotEqual(baseline.Fingerprint(), (baseline with { Action = OperationAction.Inspect }).Fingerprint());
        Assert.NotEqual(baseline.Fingerprint(), (baseline with { NodeId = "node-2" }).Fingerprint());
    }

    [Theory]
    [InlineData(OperationAction.PowerOn, "power-on")]
    [InlineData(OperationAction.SoftPowerOff, "soft-power-off")]
    [InlineData(OperationAction.MaintenanceOff, "maintenance-off")]
    [InlineData(OperationAction.Undeploy, "undeploy")]
    public void WireName_RoundTrips(OperationAction action, string wireName)
    {
        Assert.Equal(wireName, action.ToWireName());
        Assert.True(OperationActionExtensions.TryParseWireName(wireName, out var parsed));
        Assert.Equal(action, parsed);
    }

    [Fact]
    public void OperationIds_New_HasPrefixAndIsUnique()
    {
        var first = OperationIds.New();

        Assert.Matches("^op-[0-9a-f]{32}$", first);
        Assert.NotEqual(first, OperationIds.New());
    }

    [Theory]
    [InlineData(OperationStatus.Queued, false)]
    [InlineData(OperationStatus.Running, false)]
    [InlineData(OperationStatus.Succeeded, true)]
    [InlineData(OperationStatus.Failed, true)]
    [InlineData(OperationStatus.Cancelled, true)]
    [InlineData(OperationStatus.TimedOut, true)]
    public void IsTerminal_EachStatus_MatchesLifecycle(OperationStatus status, bool terminal) =>
        Assert.Equal(terminal, status.IsTerminal());
}
