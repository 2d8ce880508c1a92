using System.Collections.Immutable;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Drivers;
using BareMetal.Provisioning.Operations;
using BareMetal.Provisioning.StateMachine;
using BareMetal.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Provisioning.Nodes;

/// <summary>
/// See <see cref="INodeGrain"/>. Every turn is short: it changes the state, writes it, and only then
/// starts the hardware step on the thread pool; the step's result comes back as a
/// <see cref="DriverStepCompleted"/> message.
/// </summary>
public sealed partial class NodeGrain(
    [PersistentState("node")] IPersistentState<NodeState> node,
    IDriverRegistry drivers,
    IOptions<NodeProvisioningOptions> options,
    NodeChangeFeed changes,
    INodeChangeObserver observer,
    TimeProvider timeProvider,
    ILogger<NodeGrain> logger) : Grain, INodeGrain, INodePowerSyncGrain, IRemindable
{
    private readonly NodeProvisioningOptions _options = options.Value;

    private string Id => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task<NodeView> Enroll(NodeEnrollment enrollment)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        var current = node.State;
        if (current.Exists)
        {
            if (current.Name == enrollment.Name && current.Driver == enrollment.Driver)
            {
                return ToView(current);
            }

            throw new NodeRequestRefusedException(Id, "enroll", $"the node is already enrolled as {current.Name} with driver {current.Driver}");
        }

        if (string.IsNullOrWhiteSpace(enrollment.Name))
        {
            throw new NodeRequestRefusedException(Id, "enroll", "a name is required");
        }

        if (!drivers.TryGetDriver(enrollment.Driver ?? string.Empty, out _))
        {
            var known = drivers.Names.Count == 0 ? "(none)" : string.Join(", ", drivers.Names);
            throw new NodeRequestRefusedException(Id, "enroll", $"no driver named '{enrollment.Driver}' is registered; known drivers: {known}");
        }

        var now = timeProvider.GetUtcNow();
        var next = current with
        {
            Exists = true,
            Name = enrollment.Name,
            Driver = enrollment.Driver!,
            DriverInfo = enrollment.DriverInfo?.ToImmutableDictionary(StringComparer.Ordinal) ?? ImmutableDictionary<string, string>.Empty,
            ProvisionState = ProvisionState.Enroll,
            TargetProvisionState = null,
            CreatedAt = now,
        };
        next = Record(next, "enrolled", $"enrolled with driver {enrollment.Driver}", to: ProvisionState.Enroll);
        await Save(next);
        return ToView(node.State);
    }

    /// <inheritdoc />
    public Task<NodeView> Get() => Task.FromResult(ToView(Existing()));

    /// <inheritdoc />
    public Task<IReadOnlyList<NodeHistoryEntry>> History() => Task.FromResult<IReadOnlyList<NodeHistoryEntry>>(Existing().History);

    /// <inheritdoc />
    public async Task<OperationView> Request(ProvisionEvent verb, string? idempotencyKey)
    {
        var current = Existing();
        var verbName = ProvisionStateMachine.VerbName(verb);
        if (!ProvisionStateMachine.IsVerb(verb))
        {
            throw new NodeRequestRefusedException(Id, verbName, $"{verbName} is reported by the node's work, not requested");
        }

        if (current.Queue.Find(p => p.Verb == verb) is { } same)
        {
            return await Operation(same.OperationId).Get();
        }

        if (idempotencyKey is not null && current.Queue.Find(p => p.IdempotencyKey == idempotencyKey) is { } keyed)
        {
            throw new OperationConflictException(keyed.OperationId, idempotencyKey);
        }

        if (current.Queue.Count >= _options.QueueCapacity)
        {
            throw new NodeQueueFullException(Id, _options.QueueCapacity, _options.QueueFullRetryAfter);
        }

        // A verb is validated against where the node will be once everything pending has succeeded.
        var last = current.Queue.IsEmpty ? null : current.Queue[^1];
        var from = last is null ? Provisioning(current) : new NodeProvisioning(last.ExpectedState, null);
        var fired = ProvisionStateMachine.Fire(from, verb);
        if (!fired.Allowed)
        {
            throw last is null
                ? new NodeRequestRefusedException(Id, verbName, fired.RefusalReason!)
                : new NodeRequestRefusedException(
                    Id,
                    verbName,
                    $"conflicts with pending operation {last.OperationId} ({ProvisionStateMachine.VerbName(last.Verb)}), which leaves the node {last.ExpectedState.ToIronicName()}: {fired.RefusalReason}",
                    last.OperationId);
        }

        if (!IsSupported(verb, from.State))
        {
            throw new NodeRequestRefusedException(Id, verbName, $"{verbName} is not supported by this control plane yet");
        }

        var operationId = OperationIds.New();
        var operation = Operation(operationId);
        await operation.Create(new OperationRequest(Id, ToAction(verb), IdempotencyKey: idempotencyKey));
        var pending = new PendingNodeOperation(operationId, verb, fired.Next.Target ?? fired.Next.State, idempotencyKey);
        var next = current with { Queue = current.Queue.Add(pending) };
        next = Record(next, "requested", $"{verbName} requested", operationId: operationId);
        var starts = new List<NodeStep>();
        if (last is null)
        {
            next = await StartHead(next, starts);
        }
        else
        {
            next = Record(next, "queued", $"{verbName} queued behind {last.OperationId}", operationId: operationId);
        }

        await Save(next);
        Launch(starts);
        return await operation.Get();
    }

    /// <inheritdoc />
    public async Task DriverStepCompleted(NodeStepReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var current = node.State;
        if (!current.Exists || current.Step is not { } step || step.OperationId != report.OperationId
            || step.Number != report.Step || step.Attempt != report.Attempt || current.Queue.IsEmpty)
        {
            LogStaleReport(Id, report.OperationId, report.Step, report.Attempt, report.Outcome);
            return;
        }

        var head = current.Queue[0];
        var starts = new List<NodeStep>();
        var next = CloseJournalEntry(current, step, report);
        switch (report.Outcome)
        {
            case NodeStepOutcome.Pending:
                // Waiting for a call-back restarts the clock, as Ironic measures from the last provision update.
                next = next with { Step = step with { Deadline = DeadlineFor(step.Kind) } };
                if (step.Kind == NodeStepKind.WriteImage && next.ProvisionState == ProvisionState.Deploying)
                {
                    next = Transition(next, ProvisionEvent.Wait, head.OperationId);
                }

                break;
            case NodeStepOutcome.Failed:
                var error = report.Message ?? $"step {step.Kind} failed";
                next = next with { LastError = error };
                if (ProvisionStateMachine.IsAllowed(next.ProvisionState, ProvisionEvent.Fail))
                {
                    next = Transition(next, ProvisionEvent.Fail, head.OperationId);
                }

                next = await Finish(next, OperationStatus.Failed, error, starts);
                break;
            default:
                next = await StepDone(next, step, starts);
                break;
        }

        await Save(next);
        Launch(starts);
    }

    // The step's work is done: move the state machine and either start the next step or finish the operation.
    private async Task<NodeState> StepDone(NodeState state, NodeStep step, List<NodeStep> starts)
    {
        var operationId = step.OperationId;
        switch (step.Kind)
        {
            case NodeStepKind.WriteImage:
                if (state.ProvisionState == ProvisionState.WaitCallBack)
                {
                    state = Transition(state, ProvisionEvent.Resume, operationId);
                }

                return await NextStep(state, step, NodeStepKind.PowerOn, starts);
            case NodeStepKind.PowerOn:
                state = Transition(state with { PowerState = PowerState.On }, ProvisionEvent.Done, operationId);
                return await Finish(state, OperationStatus.Succeeded, null, starts);
            case NodeStepKind.TearDown:
                state = Transition(state with { PowerState = PowerState.Off }, ProvisionEvent.Clean, operationId);
                return await NextStep(state, step, NodeStepKind.Clean, starts);
            default:
                state = Transition(state, ProvisionEvent.Done, operationId);
                return await Finish(state, OperationStatus.Succeeded, null, starts);
        }
    }

    private async Task<NodeState> NextStep(NodeState state, NodeStep previous, NodeStepKind kind, List<NodeStep> starts)
    {
        var step = new NodeStep(previous.OperationId, previous.Number + 1, 1, kind) { Deadline = DeadlineFor(kind) };
        starts.Add(step);
        await Operation(step.OperationId).ReportProgress(step.Number, Describe(kind));
        return Record(state with { Step = step }, "step", $"step {step.Number}: {Describe(kind)}", operationId: step.OperationId);
    }

    // Ends the running operation, then starts the queued ones in order (those the node can no longer
    // carry out fail without running).
    private async Task<NodeState> Finish(NodeState state, OperationStatus status, string? error, List<NodeStep> starts)
    {
        var head = state.Queue[0];
        await Operation(head.OperationId).Complete(status, status == OperationStatus.Succeeded ? state.ProvisionState.ToIronicName() : null, error);
        state = state with { Queue = state.Queue.RemoveAt(0), Step = null };
        var (kind, outcome) = status switch
        {
            OperationStatus.Succeeded => ("succeeded", "succeeded"),
            OperationStatus.TimedOut => ("timed-out", $"timed out: {error}"),
            _ => ("failed", $"failed: {error}"),
        };
        state = Record(state, kind, $"{ProvisionStateMachine.VerbName(head.Verb)} {outcome}", operationId: head.OperationId);
        return state.Queue.IsEmpty ? state : await StartHead(state, starts);
    }

    // Fires the head operation's verb and starts its first step; a verb with no hardware work completes at once.
    private async Task<NodeState> StartHead(NodeState state, List<NodeStep> starts)
    {
        while (!state.Queue.IsEmpty)
        {
            var head = state.Queue[0];
            var operation = Operation(head.OperationId);
            var from = state.ProvisionState;
            var fired = ProvisionStateMachine.Fire(Provisioning(state), head.Verb);
            if (!fired.Allowed)
            {
                var reason = $"not started: {fired.RefusalReason}";
                await operation.Complete(OperationStatus.Failed, null, reason);
                state = Record(state with { Queue = state.Queue.RemoveAt(0) }, "failed", $"{ProvisionStateMachine.VerbName(head.Verb)} {reason}", operationId: head.OperationId);
                continue;
            }

            var kind = FirstStep(head.Verb, from);
            await operation.MarkRunning(kind is null ? 0 : StepCount(head.Verb), kind is null ? null : Describe(kind.Value));
            state = Apply(state with { LastError = null }, fired.Next, head.Verb, head.OperationId);
            if (kind is null)
            {
                return await Finish(state, OperationStatus.Succeeded, null, starts);
            }

            var step = new NodeStep(head.OperationId, 1, 1, kind.Value) { Deadline = DeadlineFor(kind.Value) };
            starts.Add(step);
            return Record(state with { Step = step }, "step", $"step 1: {Describe(kind.Value)}", operationId: head.OperationId);
        }

        return state;
    }

    // Runs each step on the thread pool, outside the turn; the result comes back as a message.
    private void Launch(List<NodeStep> steps)
    {
        if (steps.Count == 0)
        {
            return;
        }

        TrackLaunched(steps);
        // A power read started before this step would report a state the step is about to change.
        InvalidatePowerSync();
        var self = this.AsReference<INodeGrain>();
        var state = node.State;
        var context = new NodeDriverContext(Id, state.DriverInfo, ImmutableDictionary<string, string>.Empty);
        var driver = drivers.GetDriver(state.Driver);
        // Without suppression the worker would inherit this turn's call chain and deadline, and its
        // report would look like a nested call into this very turn (a deadlock) when it comes back early.
        using (ExecutionContext.SuppressFlow())
        {
            foreach (var step in steps)
            {
                _ = Task.Run(() => RunStepAsync(self, driver, context, step), CancellationToken.None);
            }
        }
    }

    private async Task RunStepAsync(INodeGrain self, IHardwareDriver driver, NodeDriverContext context, NodeStep step)
    {
        // No turn is held here: a hung BMC delays only this task, never the node's reads or requests.
        var report = await NodeStepExecutor.ExecuteAsync(driver, context, step, _options).ConfigureAwait(false);
        try
        {
            await self.DriverStepCompleted(report).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A lost report leaves the step in flight until its step timeout expires it.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogReportFailed(context.NodeId, step.OperationId, step.Number, exception);
        }
    }

    private NodeState Transition(NodeState state, ProvisionEvent e, string operationId)
    {
        var fired = ProvisionStateMachine.Fire(Provisioning(state), e);
        if (!fired.Allowed)
        {
            LogUnexpectedEvent(Id, e, state.ProvisionState);
            return state;
        }

        return Apply(state, fired.Next, e, operationId);
    }

    private NodeState Apply(NodeState state, NodeProvisioning next, ProvisionEvent e, string operationId)
    {
        var from = state.ProvisionState;
        state = state with { ProvisionState = next.State, TargetProvisionState = next.Target, ManualClean = next.ManualClean };
        LogTransition(Id, from, next.State, e);
        return Record(state, "transition", $"{from.ToIronicName()} -> {next.State.ToIronicName()} ({ProvisionStateMachine.VerbName(e)})", from, next.State, operationId);
    }

    private NodeState Record(NodeState state, string kind, string message, ProvisionState? from = null, ProvisionState? to = null, string? operationId = null)
    {
        var history = state.History.Add(new NodeHistoryEntry(timeProvider.GetUtcNow(), kind, message, from, to, operationId));
        if (history.Count > _options.HistoryCapacity)
        {
            history = history.RemoveRange(0, history.Count - _options.HistoryCapacity);
        }

        return state with { History = history };
    }

    private async Task Save(NodeState state)
    {
        var previous = node.State;
        state = await JournalBeforeWrite(previous, state);
        var armed = node.State.Step?.Deadline;
        var deadline = state.Step?.Deadline;
        // Armed before the write, disarmed after it: whichever of the two fails, a step in flight is never
        // left without a reminder (a tick that finds nothing to expire just disarms itself).
        if (deadline is not null && deadline != armed)
        {
            await ArmStepTimeout(state.Step!);
        }

        if (NeedsPowerSync(state))
        {
            await ArmPowerSync();
            state = state with { PowerSyncArmed = true };
        }

        node.State = state with { UpdatedAt = timeProvider.GetUtcNow(), Version = node.State.Version + 1 };
        await node.WriteStateAsync();
        var view = ToView(node.State);
        changes.Publish(view);
        await observer.NodeChanged(view);
        if (deadline is null && armed is not null)
        {
            await DisarmStepTimeout();
        }

        await JournalAfterWrite(previous);
    }

    private NodeState Existing() => node.State.Exists ? node.State : throw NodeNotFoundException.ForNode(Id);

    private IOperationGrain Operation(string operationId) => GrainFactory.GetGrain<IOperationGrain>(operationId);

    private NodeView ToView(NodeState state) => new(
        Id,
        state.Name,
        state.Driver,
        state.ProvisionState,
        state.TargetProvisionState,
        state.PowerState,
        state.Maintenance,
        state.LastError,
        [.. state.Queue.Select(p => p.OperationId)],
        state.CreatedAt,
        state.UpdatedAt)
    {
        MaintenanceReason = state.MaintenanceReason,
        Version = state.Version,
    };

    private static NodeProvisioning Provisioning(NodeState state) => new(state.ProvisionState, state.TargetProvisionState, state.ManualClean);

    private static bool IsSupported(ProvisionEvent verb, ProvisionState from) => verb switch
    {
        ProvisionEvent.Manage or ProvisionEvent.Provide or ProvisionEvent.Deploy => true,
        ProvisionEvent.Delete => from is ProvisionState.Active or ProvisionState.DeployFailed or ProvisionState.Error,
        _ => false,
    };

    private static NodeStepKind? FirstStep(ProvisionEvent verb, ProvisionState from) => verb switch
    {
        ProvisionEvent.Manage when from == ProvisionState.Enroll => NodeStepKind.Validate,
        ProvisionEvent.Manage => null,
        ProvisionEvent.Provide => NodeStepKind.Clean,
        ProvisionEvent.Deploy => NodeStepKind.WriteImage,
        ProvisionEvent.Delete => NodeStepKind.TearDown,
        _ => throw new ArgumentOutOfRangeException(nameof(verb), verb, "Not a supported verb."),
    };

    private static int StepCount(ProvisionEvent verb) => verb is ProvisionEvent.Deploy or ProvisionEvent.Delete ? 2 : 1;

    private static string Describe(NodeStepKind kind) => NodeStepExecutor.Describe(kind);

    private static OperationAction ToAction(ProvisionEvent verb) => verb switch
    {
        ProvisionEvent.Manage => OperationAction.Manage,
        ProvisionEvent.Provide => OperationAction.Provide,
        ProvisionEvent.Deploy => OperationAction.Deploy,
        ProvisionEvent.Delete => OperationAction.Undeploy,
        ProvisionEvent.Inspect => OperationAction.Inspect,
        ProvisionEvent.Clean => OperationAction.Clean,
        ProvisionEvent.Rebuild => OperationAction.Rebuild,
        ProvisionEvent.Abort => OperationAction.Abort,
        ProvisionEvent.Rescue => OperationAction.Rescue,
        ProvisionEvent.Unrescue => OperationAction.Unrescue,
        _ => throw new ArgumentOutOfRangeException(nameof(verb), verb, "No operation action for this verb."),
    };
}
