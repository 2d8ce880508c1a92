using System.Globalization;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Drivers;
using BareMetal.Provisioning.StateMachine;

namespace BareMetal.Provisioning.Nodes;

// Step deadlines. The deadline lives on the step in the state, so a check can only expire the step it was meant for.
// While the node's activation lives, a one-shot in-memory timer fires at the step's deadline: exact, and free of
// storage writes. The durable "step-watch" reminder (see the journal partial) is the safety net when the activation
// is lost: its tick expires a step whose deadline passed, at most TimeoutCheckInterval late (as Ironic's periodic
// check_provision_state_interval task). It is armed once per node, not per step, so a step costs no reminder write.
public sealed partial class NodeGrain
{
    // Reminders of earlier versions, which armed one per step; a tick of one removes it (the watch does its work).
    private static readonly string[] s_retiredReminders = ["step-timeout"];

    private IGrainTimer? _deadlineTimer;
    private NodeStep? _deadlineTimerStep;

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == PowerSyncReminder)
        {
            await PowerSyncTick();
            return;
        }

        if (reminderName == StepWatchReminder)
        {
            await WatchStep();
            return;
        }

        if (s_retiredReminders.Contains(reminderName) && await this.GetReminder(reminderName) is { } retired)
        {
            await this.UnregisterReminder(retired);
            await WatchStep();
        }
    }

    // Called after every write: the timer follows the step in flight.
    private void FollowStepDeadline(NodeState state)
    {
        if (state.Step is { Deadline: { } deadline } step)
        {
            if (_deadlineTimerStep is { } timed && SameStep(timed, step) && timed.Deadline == deadline)
            {
                return;
            }

            _deadlineTimer?.Dispose();
            _deadlineTimerStep = step;
            var due = deadline - timeProvider.GetUtcNow();
            _deadlineTimer = this.RegisterGrainTimer(_ => ExpireStepIfDue(), due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            return;
        }

        _deadlineTimer?.Dispose();
        _deadlineTimer = null;
        _deadlineTimerStep = null;
    }

    // Expires the step in flight when its deadline has passed; true when it did.
    private async Task<bool> ExpireStepIfDue()
    {
        var current = node.State;
        if (!current.Exists || current.Queue.IsEmpty || current.Step is not { Deadline: { } deadline } step)
        {
            return false;
        }

        if (timeProvider.GetUtcNow() < deadline)
        {
            return false;
        }

        var head = current.Queue[0];
        var timeout = TimeoutFor(step);
        var error = TimeoutMessage(step, timeout);
        LogStepTimedOut(Id, step.OperationId, step.Number, step.Attempt, step.Kind, timeout);
        var next = Record(current with { LastError = error }, "timeout", $"step {step.Number}: {Describe(step.Kind)} {error}", operationId: head.OperationId);
        if (head.Verb is not null && ProvisionStateMachine.IsAllowed(next.ProvisionState, ProvisionEvent.Fail))
        {
            next = Transition(next, ProvisionEvent.Fail, head.OperationId);
        }

        // Finish clears the step, so a late report of it is ignored as stale.
        var starts = new List<NodeStep>();
        next = await Finish(next, OperationStatus.TimedOut, error, starts);
        await Save(next);
        Launch(starts);
        return true;
    }

    private DateTimeOffset DeadlineFor(NodeStep step) => timeProvider.GetUtcNow() + TimeoutFor(step);

    private TimeSpan TimeoutFor(NodeStep step) => step.Kind switch
    {
        NodeStepKind.Validate => _options.VerifyTimeout,
        NodeStepKind.Clean => _options.CleanTimeout,
        NodeStepKind.PowerOn => _options.PowerActionTimeout,
        NodeStepKind.Power when step.Power == PowerAction.SoftOff => _options.SoftPowerOffTimeout,
        NodeStepKind.Power => _options.PowerActionTimeout,
        NodeStepKind.Inspect => _options.InspectTimeout,
        NodeStepKind.Rescue or NodeStepKind.Unrescue => _options.RescueTimeout,
        _ => _options.DeployCallbackTimeout,
    };

    private static string TimeoutMessage(NodeStep step, TimeSpan timeout)
    {
        var seconds = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return step.Kind switch
        {
            NodeStepKind.Validate => $"verify timed out after {seconds} s waiting for management validation",
            NodeStepKind.Clean => $"clean timed out after {seconds} s",
            NodeStepKind.WriteImage => $"deploy timed out after {seconds} s waiting for the agent call-back",
            NodeStepKind.PowerOn => $"deploy timed out after {seconds} s waiting for the node to power on",
            NodeStepKind.TearDown => $"undeploy timed out after {seconds} s waiting for the tear down",
            NodeStepKind.Inspect => $"inspect timed out after {seconds} s",
            NodeStepKind.Rescue => $"rescue timed out after {seconds} s waiting for the rescue ramdisk",
            NodeStepKind.Unrescue => $"unrescue timed out after {seconds} s",
            NodeStepKind.Power => $"{PowerActionName(step.Power)} timed out after {seconds} s",
            _ => $"{step.Kind} timed out after {seconds} s",
        };
    }

    private static string PowerActionName(PowerAction? action) => action switch
    {
        PowerAction.Off => "power off",
        PowerAction.Reboot => "reboot",
        PowerAction.SoftOff => "soft power off",
        _ => "power on",
    };
}
