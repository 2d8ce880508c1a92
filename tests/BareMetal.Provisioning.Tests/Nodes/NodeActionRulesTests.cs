using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Drivers;
using BareMetal.Provisioning.Nodes;

namespace BareMetal.Provisioning.Tests.Nodes;

public sealed class NodeActionRulesTests
{
    private static Dictionary<string, string> Parameters(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    [Theory]
    [InlineData(OperationAction.Deploy, "image_source", "http://x/img", null)]
    [InlineData(OperationAction.Rebuild, "configdrive", "H4sI", null)]
    [InlineData(OperationAction.Deploy, "image_source", " ", "image_source must not be empty")]
    [InlineData(OperationAction.Rescue, "rescue_password", "pw", null)]
    [InlineData(OperationAction.Rescue, "rescue_password", "", "rescue needs a non-empty rescue_password")]
    [InlineData(OperationAction.MaintenanceOn, "reason", "disk swap", null)]
    [InlineData(OperationAction.MaintenanceOff, "reason", "x", "maintenance-off takes no parameters (got 'reason')")]
    [InlineData(OperationAction.Reboot, "force", "true", "reboot takes no parameters (got 'force')")]
    [InlineData(OperationAction.Rescue, "clean_steps", "[]", "rescue does not accept parameter 'clean_steps' (accepted: rescue_password)")]
    [InlineData(OperationAction.Clean, "clean_steps", """[{"interface": "raid", "step": "delete_configuration"}]""", null)]
    [InlineData(OperationAction.Clean, "clean_steps", "[]", "clean_steps must be a non-empty JSON list")]
    public void ParameterProblem_ChecksNamesAndValues(OperationAction action, string key, string value, string? expected) =>
        Assert.Equal(expected, NodeActionRules.ParameterProblem(action, Parameters((key, value))));

    [Fact]
    public void ParameterProblem_RescueWithoutPassword_IsAProblem() =>
        Assert.Equal("rescue needs a non-empty rescue_password", NodeActionRules.ParameterProblem(OperationAction.Rescue, Parameters()));

    [Theory]
    [InlineData(ProvisionState.Enroll, true)]
    [InlineData(ProvisionState.Verifying, true)]
    [InlineData(ProvisionState.Cleaning, true)]
    [InlineData(ProvisionState.CleanWait, true)]
    [InlineData(ProvisionState.Manageable, false)]
    [InlineData(ProvisionState.Available, false)]
    [InlineData(ProvisionState.Active, false)]
    [InlineData(ProvisionState.DeployFailed, false)]
    public void PowerRefusal_FollowsIronic(ProvisionState state, bool refused) =>
        Assert.Equal(refused, NodeActionRules.PowerRefusal(OperationAction.PowerOff, state) is not null);

    [Theory]
    [InlineData(ProvisionEvent.Deploy, true)]
    [InlineData(ProvisionEvent.Rebuild, true)]
    [InlineData(ProvisionEvent.Provide, true)]
    [InlineData(ProvisionEvent.Clean, true)]
    [InlineData(ProvisionEvent.Rescue, true)]
    [InlineData(ProvisionEvent.Unrescue, true)]
    [InlineData(ProvisionEvent.Manage, false)]
    [InlineData(ProvisionEvent.Inspect, false)]
    [InlineData(ProvisionEvent.Delete, false)]
    [InlineData(ProvisionEvent.Abort, false)]
    public void BlockedByMaintenance_BlocksWorkOnTheNodesContents(ProvisionEvent verb, bool blocked) =>
        Assert.Equal(blocked, NodeActionRules.BlockedByMaintenance(verb));

    [Theory]
    [InlineData(OperationAction.PowerOn, PowerAction.On, PowerState.On)]
    [InlineData(OperationAction.Reboot, PowerAction.Reboot, PowerState.On)]
    [InlineData(OperationAction.PowerOff, PowerAction.Off, PowerState.Off)]
    [InlineData(OperationAction.SoftPowerOff, PowerAction.SoftOff, PowerState.Off)]
    public void PowerActions_MapToDriverActionsAndTargets(OperationAction action, PowerAction driver, PowerState target)
    {
        Assert.True(NodeActionRules.IsPower(action));
        Assert.Equal(driver, NodeActionRules.PowerActionOf(action));
        Assert.Equal(target, NodeActionRules.TargetPowerOf(driver));
    }

    [Fact]
    public void VerbsAndActions_RoundTrip()
    {
        foreach (var action in Enum.GetValues<OperationAction>().Where(a => !NodeActionRules.IsPower(a) && !NodeActionRules.IsMaintenance(a)))
        {
            var verb = NodeActionRules.VerbOf(action);
            Assert.NotNull(verb);
            Assert.Equal(action, NodeActionRules.ActionOf(verb.Value));
        }

        Assert.Null(NodeActionRules.ActionOf(ProvisionEvent.Done));
        Assert.Null(NodeActionRules.VerbOf(OperationAction.Reboot));
    }
}
