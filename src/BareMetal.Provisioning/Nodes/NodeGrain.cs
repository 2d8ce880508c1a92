using System.Collections.Immutable;
using System.Diagnostics;
using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Drivers;
using BareMetal.Provisioning.Fleet;
using BareMetal.Provisioning.Operations;
using BareMetal.Provisioning.StateMachine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Provisioning.Nodes;

/// <summary>
/// See <see cref="INodeGrain"/>. Every turn is short: it changes the state, writes it, and only then
/// starts the hardware step on the thread pool; the step's result comes back as a
/// <see cref="DriverStepCompleted"/> message.
/// </summary>
// Every grain type is pinned to the name our own runtime stored rows and reminders under, so a data directory written
// before the move to Orleans reads back, and renaming a class cannot move its state.
[GrainType("node")]
public sealed partial class NodeGrain(
    [PersistentState("node")] IPersistentState<NodeState> node,
    [PersistentState("history")] IPersistentState<NodeHistoryArchive> archive,
    IPersistentStateFactory stateFactory,
    IDriverRegistry drivers,
    IOptions<NodeProvisioningOptions> options,
    NodeChangeFeed changes,
    NodeDriverWork driverWork,
    INodeChangeObserver observer,
    IEnumerable<INodeEventSink> eventSinks,
    TimeProvider timeProvider,
    ILogger<NodeGrain> logger) : Grain, INodeGrain, INodePowerSyncGrain, IRemindable
{
    private readonly NodeProvisioningOptions _options = options.Value;
    private Task? _unansweredObserverCall;

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
            throw new NodeRequestRefusedException(Id, "enroll", UnknownDriver(enrollment.Driver));
        }

        await ClaimName("enroll", enrollment.Name);
        var now = timeProvider.GetUtcNow();
        var next = current with
        {
            Exists = true,
            Name = enrollment.Name,
            Driver = enrollment.Driver!,
            DriverInfo = enrollment.DriverInfo?.ToImmutableDictionary(StringComparer.Ordinal) ?? ImmutableDictionary<string, string>.Empty,
            Properties = enrollment.Properties?.ToImmutableDictionary(StringComparer.Ordinal) ?? ImmutableDictionary<string, string>.Empty,
            ResourceClass = enrollment.ResourceClass,
            Traits = Distinct(enrollment.Traits),
            Owner = enrollment.Owner,
            Description = enrollment.Description,
            Extra = enrollment.Extra?.ToImmutableDictionary(StringComparer.Ordinal) ?? ImmutableDictionary<string, string>.Empty,
            ProvisionState = ProvisionState.Enroll,
            TargetProvisionState = null,
            ProvisionUpdatedAt = now,
            CreatedAt = now,
        };
        next = Record(next, "enrolled", $"enrolled with driver {enrollment.Driver}", to: ProvisionState.Enroll);
        await Save(next);
        return ToView(node.State);
    }

    /// <inheritdoc />
    public Task<NodeView> Get() => Task.FromResult(ToView(Existing()));

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
                next = next with { Step = step with { Deadline = DeadlineFor(step) } };
                if (head.Verb is not null && ProvisionStateMachine.IsAllowed(next.ProvisionState, ProvisionEvent.Wait))
                {
                    next = Transition(next, ProvisionEvent.Wait, head.OperationId);
                }

                break;
            case NodeStepOutcome.Failed:
                var error = report.Message ?? $"step {step.Kind} failed";
                next = next with { LastError = error };
                if (head.Verb is not null && ProvisionStateMachine.IsAllowed(next.ProvisionState, ProvisionEvent.Fail))
                {
                    next = Transition(next, ProvisionEvent.Fail, head.OperationId);
                }

                next = await Finish(next, OperationStatus.Failed, error, starts);
                break;
            default:
                next = await StepDone(next, step, report, starts);
                break;
        }

        await Save(next);
        _reported = step;
        Launch(starts);
    }

    // The step's work is done: move the state machine and either start the next step or finish the operation.
    private async Task<NodeState> StepDone(NodeState state, NodeStep step, NodeStepReport report, List<NodeStep> starts)
    {
        var operationId = step.OperationId;
        // An agent's call-back ends a wait: the work resumes before it can be done.
        if (state.ProvisionState is ProvisionState.WaitCallBack or ProvisionState.CleanWait or ProvisionState.RescueWait)
        {
            state = Transition(state, ProvisionEvent.Resume, operationId);
        }

        switch (step.Kind)
        {
            case NodeStepKind.WriteImage:
                return NextStep(state, step, NodeStepKind.PowerOn, starts);
            case NodeStepKind.PowerOn:
                state = Transition(state with { PowerState = PowerState.On }, ProvisionEvent.Done, operationId);
                return await Finish(state, OperationStatus.Succeeded, null, starts);
            case NodeStepKind.TearDown:
                // As Ironic: what the deployment used goes with it.
                state = Transition(state with { PowerState = PowerState.Off, InstanceInfo = ImmutableDictionary<string, string>.Empty }, ProvisionEvent.Clean, operationId);
                return NextStep(state, step, NodeStepKind.Clean, starts);
            case NodeStepKind.Inspect:
                var found = report.Properties ?? ImmutableDictionary<string, string>.Empty;
                state = Record(state with { Properties = state.Properties.SetItems(found) }, "inspected", $"inspection found {Describe(found)}", operationId: operationId);
                state = Transition(state, ProvisionEvent.Done, operationId);
                return await Finish(state, OperationStatus.Succeeded, null, starts);
            case NodeStepKind.Rescue or NodeStepKind.Unrescue:
                state = Transition(state with { PowerState = PowerState.On }, ProvisionEvent.Done, operationId);
                return await Finish(state, OperationStatus.Succeeded, null, starts);
            case NodeStepKind.Validate:
                if (report.PowerState is { } read && read != state.PowerState)
                {
                    state = Record(state with { PowerState = read }, "power-read", $"power state read: {Name(read)}", operationId: operationId);
                }

                state = Transition(state, ProvisionEvent.Done, operationId);
                return await Finish(state, OperationStatus.Succeeded, null, starts);
            case NodeStepKind.Power:
                var reached = NodeActionRules.TargetPowerOf(step.Power ?? PowerAction.On);
                state = Record(state with { PowerState = reached, TargetPowerState = null }, "power", $"power state is now {Name(reached)}", operationId: operationId);
                return await Finish(state, OperationStatus.Succeeded, null, starts, Name(reached));
            default:
                state = Transition(state, ProvisionEvent.Done, operationId);
                return await Finish(state, OperationStatus.Succeeded, null, starts);
        }
    }

    private NodeState NextStep(NodeState state, NodeStep previous, NodeStepKind kind, List<NodeStep> starts)
    {
        var step = new NodeStep(previous.OperationId, previous.Number + 1, 1, kind);
        step = step with { Deadline = DeadlineFor(step) };
        starts.Add(step);
        state = Advance(state, step.OperationId, StepUpdate(step, StepCount(state.Queue[0])));
        return Record(state with { Step = step }, "step", $"step {step.Number}: {Describe(kind)}", operationId: step.OperationId);
    }

    // Ends the running operation, then starts the queued ones in order (those the node can no longer
    // carry out fail without running).
    private async Task<NodeState> Finish(NodeState state, OperationStatus status, string? error, List<NodeStep> starts, string? result = null)
    {
        var head = state.Queue[0];
        var succeeded = status == OperationStatus.Succeeded;
        state = Complete(state, head.OperationId, status, succeeded ? result ?? state.ProvisionState.ToIronicName() : null, error);
        _stepCancellations.Remove(head.OperationId);
        state = state with { Queue = state.Queue.RemoveAt(0), Step = null, TargetPowerState = null };
        var (kind, outcome) = status switch
        {
            OperationStatus.Succeeded => ("succeeded", "succeeded"),
            OperationStatus.TimedOut => ("timed-out", $"timed out: {error}"),
            OperationStatus.Cancelled => ("cancelled", $"cancelled: {error}"),
            _ => ("failed", $"failed: {error}"),
        };
        state = Record(state, kind, $"{head.Action.ToWireName()} {outcome}", operationId: head.OperationId, traceId: head.TraceId);
        return state.Queue.IsEmpty ? state : await StartHead(state, starts);
    }

    // Starts the head operation: fires its verb (or checks its power action) and starts its first step; a verb
    // with no hardware work completes at once. Operations the node can no longer carry out fail without running.
    // An operation accepted in this very turn is created here, already running, in one write (creating).
    private async Task<NodeState> StartHead(NodeState state, List<NodeStep> starts, OperationCreation? creating = null)
    {
        while (!state.Queue.IsEmpty)
        {
            var head = state.Queue[0];
            var operation = Operation(head.OperationId);
            var created = creating is { } c && c.OperationId == head.OperationId ? c.Request : null;
            var refusal = StartRefusal(state, head, out var fired);
            if (refusal is not null)
            {
                if (created is not null)
                {
                    // It must exist before its completion is sent.
                    creating!.Created = await operation.Create(created);
                }

                var reason = $"not started: {refusal}";
                state = Complete(state, head.OperationId, OperationStatus.Failed, null, reason);
                state = Record(state with { Queue = state.Queue.RemoveAt(0) }, "failed", $"{head.Action.ToWireName()} {reason}", operationId: head.OperationId, traceId: head.TraceId);
                continue;
            }

            var step = FirstStep(head, state);
            var update = StepUpdate(step, StepCount(head));
            if (created is null)
            {
                // Queued earlier, so it exists: told through the outbox, after this turn's write.
                state = Advance(state, head.OperationId, update);
            }
            else
            {
                // The caller is answered with this operation: it must exist before the turn ends.
                creating!.Created = await operation.CreateRunning(created, update);
            }

            state = state with { LastError = null };
            if (head.Verb is { } verb)
            {
                state = Apply(state, fired, verb, head.OperationId);
            }
            else
            {
                state = state with { TargetPowerState = NodeActionRules.TargetPowerOf(step!.Power!.Value) };
            }

            if (step is null)
            {
                return await Finish(state, OperationStatus.Succeeded, null, starts);
            }

            starts.Add(step);
            return Record(state with { Step = step }, "step", $"step 1: {Describe(step.Kind)}", operationId: head.OperationId);
        }

        return state;
    }

    // Why the head operation cannot start now (the node's state or maintenance changed since it was queued).
    private string? StartRefusal(NodeState state, PendingNodeOperation head, out NodeProvisioning next)
    {
        next = Provisioning(state);
        if (head.Verb is not { } verb)
        {
            return NodeActionRules.PowerRefusal(head.Action, state.ProvisionState);
        }

        if (state.Maintenance && NodeActionRules.BlockedByMaintenance(verb))
        {
            return InMaintenance(state);
        }

        var fired = ProvisionStateMachine.Fire(next, verb);
        next = fired.Next;
        return fired.RefusalReason;
    }

    // This activation's references to itself, made once: AsReference resolves the interface's type on every call
    // (reflection), and every step and power read needs one.
    private INodeGrain? _self;
    private INodePowerSyncGrain? _selfForPowerSync;

    // Runs each step on the thread pool, outside the turn (NodeDriverWork); the result comes back as a message.
    private void Launch(List<NodeStep> steps)
    {
        if (steps.Count == 0)
        {
            return;
        }

        var launch = TrackLaunched(steps);
        // A power read started before this step would report a state the step is about to change.
        InvalidatePowerSync();
        var self = _self ??= this.AsReference<INodeGrain>();
        var state = node.State;
        var context = new NodeDriverContext(Id, state.DriverInfo, state.Properties);
        var driver = drivers.GetDriver(state.Driver);
        var trace = Activity.Current?.Context ?? default;
        foreach (var step in steps)
        {
            var cancellation = StepCancellation(step);
            _launchedWork = NodeDriverWork.Start(() => driverWork.RunStepAsync(self, driver, context, step, launch, trace, cancellation));
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
        state = state with
        {
            ProvisionState = next.State,
            TargetProvisionState = next.Target,
            ManualClean = next.ManualClean,
            ProvisionUpdatedAt = next.State == state.ProvisionState ? state.ProvisionUpdatedAt : timeProvider.GetUtcNow(),
        };
        LogTransition(Id, from, next.State, e);
        return Record(state, "transition", $"{from.ToIronicName()} -> {next.State.ToIronicName()} ({ProvisionStateMachine.VerbName(e)})", from, next.State, operationId);
    }

    private NodeState Record(NodeState state, string kind, string message, ProvisionState? from = null, ProvisionState? to = null, string? operationId = null, string? traceId = null)
    {
        // Entries of a pending operation carry its request's trace id, so a trace can be followed into the history.
        traceId ??= operationId is null ? null : state.Queue.Find(p => p.OperationId == operationId)?.TraceId;
        var entry = new NodeHistoryEntry(timeProvider.GetUtcNow(), kind, message, from, to, operationId) { TraceId = traceId };
        var history = state.History.Add(entry);
        if (history.Count > _options.HistoryCapacity)
        {
            history = history.RemoveRange(0, history.Count - _options.HistoryCapacity);
        }

        return state with { History = history };
    }

    private async Task Save(NodeState state)
    {
        state = await JournalBeforeWrite(state);
        state = await ArchiveHistory(state);
        if (NeedsPowerSync(state))
        {
            await ArmPowerSync();
            state = state with { PowerSyncArmed = true };
        }

        var previous = node.State;
        node.State = WithEvents(previous, state with { UpdatedAt = timeProvider.GetUtcNow(), Version = previous.Version + 1 });
        try
        {
            await node.WriteStateAsync();
        }
        catch
        {
            // Memory must not get ahead of storage: a retried report, or the next request, starts from what is stored.
            node.State = previous;
            throw;
        }

        FollowStepDeadline(node.State);
        var view = ToView(node.State);
        await SendOutbox(indexing: TellObserver(view));
        // Last: whoever waits on the feed then finds the operations this write ended already told.
        changes.Publish(view);
    }

    // The index is told of every write; while an earlier telling is still unanswered (the index shard's silo froze,
    // say), later ones are sent without waiting, so the node waits once, not at every write. The index keeps the
    // newest version it is told of, whatever order they land in.
    private async Task TellObserver(NodeView view)
    {
        var wait = _unansweredObserverCall is { IsCompleted: false } ? TimeSpan.Zero : _options.SideCallTimeout;
        var call = observer.NodeChanged(view);
        if (await SideCall.EndedWithin(call, wait))
        {
            return;
        }

        if (wait > TimeSpan.Zero)
        {
            _unansweredObserverCall = call;
            LogObserverNotWaitedFor(Id, view.Version, wait);
        }
    }

    private NodeState Existing() => node.State.Exists ? node.State : throw NodeNotFoundException.ForNode(Id);

    private IOperationGrain Operation(string operationId) => GrainFactory.GetResolvedGrain<IOperationGrain>(operationId);

    // An answer the node needs from an operation accepted earlier (a retried or duplicate request is answered with its
    // view; a finished one says why it cannot be cancelled), waited for at most SideCallTimeout within the node's turn:
    // an operation on a frozen silo would otherwise hold the node, and every request queued behind it, for the grain-call
    // timeout. The request then fails as unavailable (503 with Retry-After) and changes nothing.
    private async Task<T> AnswerWithin<T>(Task<T> call, string operationId)
    {
        if (!await SideCall.EndedWithin(call, _options.SideCallTimeout))
        {
            throw new TimeoutException($"Operation {operationId} did not answer within {_options.SideCallTimeout.TotalSeconds:0.#} s; send the request again.");
        }

        return await call;
    }

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
        DriverInfo = NodeSecrets.Masked(state.DriverInfo),
        Properties = state.Properties,
        ResourceClass = state.ResourceClass,
        Traits = state.Traits,
        Owner = state.Owner,
        Description = state.Description,
        Extra = state.Extra,
        InstanceInfo = state.InstanceInfo,
        TargetPowerState = state.TargetPowerState,
        ProvisionUpdatedAt = state.ProvisionUpdatedAt,
        Version = state.Version,
    };

    private static NodeProvisioning Provisioning(NodeState state) => new(state.ProvisionState, state.TargetProvisionState, state.ManualClean);

    // The first hardware step of an operation; null when the verb needs none (manage from a state already verified).
    private NodeStep? FirstStep(PendingNodeOperation head, NodeState state)
    {
        var from = state.ProvisionState;
        NodeStepKind? kind = head.Verb switch
        {
            null => NodeStepKind.Power,
            ProvisionEvent.Manage when from == ProvisionState.Enroll => NodeStepKind.Validate,
            // Adoption writes nothing: it checks that the node's management answers and reads its power state.
            ProvisionEvent.Adopt => NodeStepKind.Validate,
            ProvisionEvent.Manage => null,
            ProvisionEvent.Provide or ProvisionEvent.Clean => NodeStepKind.Clean,
            ProvisionEvent.Deploy or ProvisionEvent.Rebuild => NodeStepKind.WriteImage,
            ProvisionEvent.Delete => NodeStepKind.TearDown,
            ProvisionEvent.Inspect => NodeStepKind.Inspect,
            ProvisionEvent.Rescue => NodeStepKind.Rescue,
            ProvisionEvent.Unrescue => NodeStepKind.Unrescue,
            _ => throw new ArgumentOutOfRangeException(nameof(head), head.Verb, "Not a queued verb."),
        };
        if (kind is null)
        {
            return null;
        }

        var step = new NodeStep(head.OperationId, 1, 1, kind.Value)
        {
            Power = head.Verb is null ? NodeActionRules.PowerActionOf(head.Action) : null,
            // The request's image first, then the node's instance_info (how Ironic clients choose one), then the default.
            Image = kind == NodeStepKind.WriteImage
                ? head.Parameters.GetValueOrDefault(NodeActionRules.ImageSource) ?? state.InstanceInfo.GetValueOrDefault(NodeActionRules.ImageSource) ?? _options.DefaultImage
                : null,
            RescuePassword = kind == NodeStepKind.Rescue ? head.Parameters.GetValueOrDefault(NodeActionRules.RescuePassword) : null,
            CleanSteps = head.Verb == ProvisionEvent.Clean ? NodeActionRules.ParseCleanSteps(head.Parameters.GetValueOrDefault(NodeActionRules.CleanSteps)) : null,
        };
        return step with { Deadline = DeadlineFor(step) };
    }

    // What the operation shows while the step runs; an operation with no step completes in the same turn.
    private static OperationStepUpdate StepUpdate(NodeStep? step, int stepCount)
    {
        if (step is null)
        {
            return new OperationStepUpdate(new OperationProgress(0, 0, null), false, "the operation completes without a hardware step");
        }

        var whyNot = Interruptible(step);
        return new OperationStepUpdate(new OperationProgress(step.Number, stepCount, Describe(step.Kind)), whyNot is null, whyNot);
    }

    private static int StepCount(PendingNodeOperation head) =>
        head.Verb is ProvisionEvent.Deploy or ProvisionEvent.Rebuild or ProvisionEvent.Delete ? 2 : 1;

    private static string Describe(NodeStepKind kind) => NodeStepExecutor.Describe(kind);

    private static string Describe(IReadOnlyDictionary<string, string> properties) =>
        properties.Count == 0 ? "no properties" : string.Join(", ", properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    private static ImmutableList<string> Distinct(IEnumerable<string>? values) =>
        values is null ? [] : [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Distinct(StringComparer.Ordinal)];

    private string UnknownDriver(string? driver)
    {
        var known = drivers.Names.Count == 0 ? "(none)" : string.Join(", ", drivers.Names);
        return $"no driver named '{driver}' is registered; known drivers: {known}";
    }

    private string InMaintenance(NodeState state) =>
        $"node {Id} is in maintenance{(state.MaintenanceReason is { } reason ? $" ({reason})" : string.Empty)}; turn maintenance off first";

    // Claims a node name for this node or refuses, naming the node that holds it.
    private async Task ClaimName(string request, string name)
    {
        var names = GrainFactory.GetResolvedGrain<INodeNameGrain>(name);
        if (!await names.Claim(Id))
        {
            var holder = await names.Resolve();
            throw new NodeRequestRefusedException(Id, request, $"name {name} is already used by node {holder}");
        }
    }
}
