using System.Globalization;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Drivers;
using BareMetal.Provisioning.StateMachine;
using BareMetal.Runtime;

namespace BareMetal.Provisioning.Nodes;

// Step deadlines: one durable reminder per node, re-armed for every step and removed when no step is in
// flight. The deadline lives on the step in the state, so a tick can only expire the step it was armed for.
public sealed partial class NodeGrain
{
    internal const string StepTimeoutReminder = "step-timeout";

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == PowerSyncReminder)
        {
            await PowerSyncTick();
            return;
        }

        if (reminderName != StepTimeoutReminder)
        {
            return;
        }

        var current = node.State;
        if (!current.Exists || current.Queue.IsEmpty || current.Step is not { Deadline: { } deadline } step)
        {
            await DisarmStepTimeout();
            return;
        }

        var now = timeProvider.GetUtcNow();
        if (now < deadline)
        {
            // An early or repeated tick (delivery is at least once): wait for the rest of this step's time.
            await ArmStepTimeout(step);
            return;
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

    private async Task ArmStepTimeout(NodeStep step)
    {
        var due = step.Deadline!.Value - timeProvider.GetUtcNow();
        var timeout = TimeoutFor(step);
        // The period only matters when a tick is lost or fails; it re-checks the deadline.
        var period = timeout > _options.TimeoutCheckInterval ? timeout : _options.TimeoutCheckInterval;
        await RegisterOrUpdateReminder(StepTimeoutReminder, due > TimeSpan.Zero ? due : TimeSpan.Zero, period);
    }

    private async Task DisarmStepTimeout()
    {
        if (await GetReminder(StepTimeoutReminder) is { } reminder)
        {
            await UnregisterReminder(reminder);
        }
    }

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
