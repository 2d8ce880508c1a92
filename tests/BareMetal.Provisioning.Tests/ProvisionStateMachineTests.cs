using BareMetal.Contracts.Nodes;
using BareMetal.Provisioning.StateMachine;

namespace BareMetal.Provisioning.Tests;

public sealed class ProvisionStateMachineTests
{
    public static TheoryData<ProvisionState, ProvisionEvent, ProvisionState> AllowedTransitions()
    {
        var data = new TheoryData<ProvisionState, ProvisionEvent, ProvisionState>();
        foreach (var transition in ProvisionTransitions.All)
        {
            data.Add(transition.From, transition.Event, transition.To);
        }

        return data;
    }

    public static TheoryData<ProvisionState, ProvisionEvent> RefusedPairs()
    {
        var data = new TheoryData<ProvisionState, ProvisionEvent>();
        foreach (var state in Enum.GetValues<ProvisionState>())
        {
            foreach (var e in Enum.GetValues<ProvisionEvent>())
            {
                if (!ProvisionTransitions.All.Any(t => t.From == state && t.Event == e))
                {
                    data.Add(state, e);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllowedTransitions))]
    public void Fire_ListedTransition_MovesToItsStateWithTheRightTarget(ProvisionState from, ProvisionEvent e, ProvisionState to)
    {
        var result = ProvisionStateMachine.Fire(new NodeProvisioning(from, ProvisionStateMachine.TargetOf(from)), e);

        Assert.True(result.Allowed);
        Assert.Equal(to, result.Next.State);
        Assert.Equal(ProvisionStateMachine.TargetOf(to, result.Next.ManualClean), result.Next.Target);
    }

    [Theory]
    [MemberData(nameof(RefusedPairs))]
    public void Fire_UnlistedPair_IsRefusedWithAReasonAndChangesNothing(ProvisionState from, ProvisionEvent e)
    {
        var current = new NodeProvisioning(from, ProvisionStateMachine.TargetOf(from));

        var result = ProvisionStateMachine.Fire(current, e);

        Assert.False(result.Allowed);
        Assert.Equal(current, result.Next);
        Assert.Contains(from.ToIronicName(), result.RefusalReason);
        Assert.Contains(ProvisionStateMachine.VerbName(e), result.RefusalReason);
    }

    [Fact]
    public void Fire_DeployOnManageable_NamesVerbAndState()
    {
        var result = ProvisionStateMachine.Fire(new NodeProvisioning(ProvisionState.Manageable, null), ProvisionEvent.Deploy);

        Assert.Equal("deploy is not allowed in state manageable", result.RefusalReason);
    }

    [Fact]
    public void Table_HasOneRowPerStateAndEvent_AndCoversEveryState()
    {
        Assert.Equal(ProvisionTransitions.All.Count, ProvisionTransitions.All.Select(t => (t.From, t.Event)).Distinct().Count());
        Assert.All(Enum.GetValues<ProvisionState>(), s => Assert.Contains(ProvisionTransitions.All, t => t.From == s || t.To == s));
    }

    [Fact]
    public void CommonLifecycle_EnrollToActiveAndBack_FollowsIronicsPath()
    {
        var node = NodeProvisioning.Enrolled;
        (ProvisionEvent Event, ProvisionState State, ProvisionState? Target)[] path =
        [
            (ProvisionEvent.Manage, ProvisionState.Verifying, ProvisionState.Manageable),
            (ProvisionEvent.Done, ProvisionState.Manageable, null),
            (ProvisionEvent.Provide, ProvisionState.Cleaning, ProvisionState.Available),
            (ProvisionEvent.Done, ProvisionState.Available, null),
            (ProvisionEvent.Deploy, ProvisionState.Deploying, ProvisionState.Active),
            (ProvisionEvent.Wait, ProvisionState.WaitCallBack, ProvisionState.Active),
            (ProvisionEvent.Resume, ProvisionState.Deploying, ProvisionState.Active),
            (ProvisionEvent.Done, ProvisionState.Active, null),
            (ProvisionEvent.Delete, ProvisionState.Deleting, ProvisionState.Available),
            (ProvisionEvent.Clean, ProvisionState.Cleaning, ProvisionState.Available),
            (ProvisionEvent.Done, ProvisionState.Available, null),
        ];

        foreach (var (e, state, target) in path)
        {
            var result = ProvisionStateMachine.Fire(node, e);
            Assert.True(result.Allowed, result.RefusalReason);
            Assert.Equal(state, result.Next.State);
            Assert.Equal(target, result.Next.Target);
            node = result.Next;
        }
    }

    [Fact]
    public void ManualClean_FromManageable_ReturnsToManageable_AutomatedCleanToAvailable()
    {
        var manual = ProvisionStateMachine.Fire(new NodeProvisioning(ProvisionState.Manageable, null), ProvisionEvent.Clean).Next;
        Assert.Equal((ProvisionState.Cleaning, ProvisionState.Manageable, true), (manual.State, manual.Target, manual.ManualClean));
        var waiting = ProvisionStateMachine.Fire(manual, ProvisionEvent.Wait).Next;
        Assert.Equal(ProvisionState.Manageable, waiting.Target);
        var resumed = ProvisionStateMachine.Fire(waiting, ProvisionEvent.Resume).Next;
        Assert.Equal(ProvisionState.Manageable, ProvisionStateMachine.Fire(resumed, ProvisionEvent.Done).Next.State);

        var automated = ProvisionStateMachine.Fire(new NodeProvisioning(ProvisionState.Manageable, null), ProvisionEvent.Provide).Next;
        Assert.Equal(ProvisionState.Available, ProvisionStateMachine.Fire(automated, ProvisionEvent.Done).Next.State);
    }

    [Fact]
    public void FailureStates_KeepTheGoalTheyFailedToReach()
    {
        var deploying = new NodeProvisioning(ProvisionState.Deploying, ProvisionState.Active);

        var failed = ProvisionStateMachine.Fire(deploying, ProvisionEvent.Fail).Next;

        Assert.Equal((ProvisionState.DeployFailed, (ProvisionState?)ProvisionState.Active), (failed.State, failed.Target));
        Assert.False(ProvisionStateMachine.IsTransient(failed.State));
        Assert.True(ProvisionStateMachine.IsTransient(deploying.State));
    }

    [Fact]
    public void IronicNames_RoundTripForEveryState()
    {
        foreach (var state in Enum.GetValues<ProvisionState>())
        {
            Assert.True(ProvisionStateNames.TryParse(state.ToIronicName(), out var parsed));
            Assert.Equal(state, parsed);
        }

        Assert.Equal("wait call-back", ProvisionState.WaitCallBack.ToIronicName());
        Assert.False(ProvisionStateNames.TryParse("frobnicated", out _));
    }
}
