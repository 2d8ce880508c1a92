using System.Collections.Immutable;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Operations;
using BareMetal.Provisioning.StateMachine;

namespace BareMetal.Provisioning.Nodes;

// Accepting actions: provision verbs and power actions join the node's queue (validated against the state the
// node will be in once everything pending has succeeded); maintenance and abort apply at once.
public sealed partial class NodeGrain
{
    /// <summary>How many operations accepted under an idempotency key a node remembers.</summary>
    public const int KeyedOperationsCapacity = 16;

    /// <summary>How long a node answers a retry under the same key with the operation it accepted (a key's default retention).</summary>
    public static readonly TimeSpan KeyedOperationMemory = TimeSpan.FromHours(24);

    /// <inheritdoc />
    public Task<OperationView> Request(ProvisionEvent verb, string? idempotencyKey)
    {
        Existing();
        var verbName = ProvisionStateMachine.VerbName(verb);
        if (!ProvisionStateMachine.IsVerb(verb))
        {
            throw new NodeRequestRefusedException(Id, verbName, $"{verbName} is reported by the node's work, not requested");
        }

        if (NodeActionRules.ActionOf(verb) is not { } action)
        {
            throw new NodeRequestRefusedException(Id, verbName, $"{verbName} is not supported by this control plane yet");
        }

        return SubmitInTurn(new NodeActionRequest(action, IdempotencyKey: idempotencyKey));
    }

    /// <inheritdoc />
    public Task<OperationView> Submit(NodeActionRequest request) => SubmitInTurn(request);

    /// <inheritdoc />
    public async Task<NodeActionAccepted> Accept(NodeActionRequest request)
    {
        var operation = await SubmitInTurn(request);
        return new NodeActionAccepted(operation, ToView(node.State));
    }

    private async Task<OperationView> SubmitInTurn(NodeActionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = Existing();
        var action = request.Action;
        if (!Enum.IsDefined(action))
        {
            throw new NodeRequestRefusedException(Id, action.ToString(), $"{action} is not a known action");
        }

        var name = action.ToWireName();
        var parameters = request.Parameters?.ToImmutableDictionary(StringComparer.Ordinal) ?? ImmutableDictionary<string, string>.Empty;
        if (NodeActionRules.ParameterProblem(action, parameters) is { } problem)
        {
            throw new NodeRequestRefusedException(Id, name, problem);
        }

        // A retry of a request accepted earlier (its answer lost with a silo) gets that operation, even once it ended.
        if (RememberedUnderKey(current, request.IdempotencyKey, action) is { } remembered)
        {
            return await AnswerWithin(Operation(remembered.OperationId).Get(), remembered.OperationId);
        }

        if (NodeActionRules.IsMaintenance(action))
        {
            return await SetMaintenance(current, request, parameters);
        }

        if (current.Queue.Find(p => p.Action == action) is { } same)
        {
            if (request.IdempotencyKey is { } sameKey)
            {
                // The key now names that operation: a retry after it ended (its answer lost with a silo) must get it
                // again, not a new one.
                await Save(RememberKey(current, sameKey, action, same.OperationId));
            }

            return await AnswerWithin(Operation(same.OperationId).Get(), same.OperationId);
        }

        if (request.IdempotencyKey is { } key && current.Queue.Find(p => p.IdempotencyKey == key) is { } keyed)
        {
            throw new OperationConflictException(keyed.OperationId, key);
        }

        if (action == OperationAction.Abort)
        {
            return await Abort(current, request);
        }

        if (current.Queue.Count >= _options.QueueCapacity)
        {
            throw new NodeQueueFullException(Id, _options.QueueCapacity, _options.QueueFullRetryAfter);
        }

        var last = current.Queue.IsEmpty ? null : current.Queue[^1];
        var operationId = OperationIds.New();
        var pending = Accept(current, action, last, operationId, request.IdempotencyKey) with
        {
            Action = action,
            Parameters = parameters,
            RequestedBy = request.RequestedBy,
            TraceId = request.TraceId,
        };

        var operation = Operation(operationId);
        var creating = new OperationCreation(operationId, ToOperationRequest(request, parameters));
        var next = Remember(current with { Queue = current.Queue.Add(pending) }, operationId, request);
        next = Record(next, "requested", $"{name} requested{By(request.RequestedBy)}", operationId: operationId);
        var starts = new List<NodeStep>();
        if (last is null)
        {
            // Created already running: one write where queued, running and cancellable took three.
            next = await StartHead(next, starts, creating);
        }
        else
        {
            creating.Created = await operation.Create(creating.Request);
            next = Record(next, "queued", $"{name} queued behind {last.OperationId}", operationId: operationId);
        }

        try
        {
            await Save(next);
        }
        catch (InconsistentStateException)
        {
            // Another activation of this node wrote first (two activations for a moment after a silo died): the
            // request was not recorded and will not be carried out. Its operation, already created, ends now rather
            // than at the reconciliation a minute later; the caller's retry reaches an activation that read the
            // latest state and gets a new one.
            await operation.Complete(OperationStatus.Failed, null, NotRecordedError);
            throw;
        }

        Launch(starts);
        return AnsweredWithoutAsking(next, creating) ?? await operation.Get();
    }

    // The view the operation answered its creation with is still its view when this turn told it nothing since (its
    // step starts after the turn): one call fewer per accepted action. An operation this turn also ended (no hardware
    // work, or refused at its start) is asked again, after the write sent it the outcome.
    private static OperationView? AnsweredWithoutAsking(NodeState written, OperationCreation creating) =>
        written.PendingCompletions.Any(c => c.OperationId == creating.OperationId) || written.PendingAdvances.Any(a => a.OperationId == creating.OperationId)
            ? null
            : creating.Created;

    private const string NotRecordedError = "not carried out: the node's record was being moved to another server as the request arrived (a failover); send the request again";

    // Validates a queued action against where the node will be once everything pending has succeeded, or throws.
    private PendingNodeOperation Accept(NodeState current, OperationAction action, PendingNodeOperation? last, string operationId, string? idempotencyKey)
    {
        var name = action.ToWireName();
        var from = last is null ? Provisioning(current) : new NodeProvisioning(last.ExpectedState, null);
        if (NodeActionRules.IsPower(action))
        {
            if (NodeActionRules.PowerRefusal(action, from.State) is { } refusal)
            {
                throw Refusal(name, refusal, last);
            }

            return new PendingNodeOperation(operationId, null, from.State, idempotencyKey);
        }

        var verb = NodeActionRules.VerbOf(action)!.Value;
        if (current.Maintenance && NodeActionRules.BlockedByMaintenance(verb))
        {
            throw new NodeRequestRefusedException(Id, name, InMaintenance(current));
        }

        var fired = ProvisionStateMachine.Fire(from, verb);
        if (!fired.Allowed)
        {
            throw Refusal(name, fired.RefusalReason!, last);
        }

        return new PendingNodeOperation(operationId, verb, fired.Next.Target ?? fired.Next.State, idempotencyKey);
    }

    private NodeRequestRefusedException Refusal(string name, string reason, PendingNodeOperation? last) => last is null
        ? new NodeRequestRefusedException(Id, name, reason)
        : new NodeRequestRefusedException(
            Id,
            name,
            $"conflicts with pending operation {last.OperationId} ({last.Action.ToWireName()}), which leaves the node {last.ExpectedState.ToIronicName()}: {reason}",
            last.OperationId);

    // Maintenance changes apply at once (Ironic sets the flag without taking the node's lock for long) and are
    // recorded as an operation that already succeeded, so clients handle every action the same way.
    private async Task<OperationView> SetMaintenance(NodeState current, NodeActionRequest request, ImmutableDictionary<string, string> parameters)
    {
        var on = request.Action == OperationAction.MaintenanceOn;
        // As in Ironic, the reason is optional: without one the node is in maintenance with no reason shown.
        var reason = on ? parameters.GetValueOrDefault(NodeActionRules.Reason) : null;
        var operationId = OperationIds.New();
        var operation = Operation(operationId);
        await operation.CreateRunning(ToOperationRequest(request, parameters), StepUpdate(null, 0));
        var succeeded = await operation.Complete(OperationStatus.Succeeded, on ? "maintenance on" : "maintenance off", null);
        var next = Remember(current, operationId, request) with
        {
            Maintenance = on,
            MaintenanceReason = reason,
            // Turning maintenance off gives a node that hit the power-failure limit a fresh count.
            PowerSyncFailures = on ? current.PowerSyncFailures : 0,
            // The operator decides now: a node they put in maintenance stays there until they take it out.
            Fault = null,
        };
        var message = on ? $"maintenance on{(reason is null ? string.Empty : $": {reason}")}" : "maintenance off";
        next = Record(next, "maintenance", message + By(request.RequestedBy), operationId: operationId, traceId: request.TraceId);
        await Save(next);
        return succeeded;
    }

    // Abort stops a node waiting for an agent (clean wait, inspect wait, rescue wait): the waiting operation ends
    // cancelled, the node moves to the failure state, and the abort itself succeeds at once.
    private async Task<OperationView> Abort(NodeState current, NodeActionRequest request)
    {
        var fired = ProvisionStateMachine.Fire(Provisioning(current), ProvisionEvent.Abort);
        if (!fired.Allowed)
        {
            throw new NodeRequestRefusedException(Id, "abort", fired.RefusalReason!);
        }

        var operationId = OperationIds.New();
        var operation = Operation(operationId);
        await operation.CreateRunning(ToOperationRequest(request, ImmutableDictionary<string, string>.Empty), StepUpdate(null, 0));
        var error = $"aborted{By(request.RequestedBy)}";
        var next = Record(Remember(current, operationId, request), "requested", $"abort requested{By(request.RequestedBy)}", operationId: operationId, traceId: request.TraceId);
        next = Apply(next with { LastError = error }, fired.Next, ProvisionEvent.Abort, operationId);
        var starts = new List<NodeStep>();
        if (!next.Queue.IsEmpty)
        {
            CancelRunningStep(next.Queue[0].OperationId);
            next = await Finish(next, OperationStatus.Cancelled, error, starts);
        }

        var succeeded = await operation.Complete(OperationStatus.Succeeded, next.ProvisionState.ToIronicName(), null);
        next = Record(next, "succeeded", "abort succeeded", operationId: operationId, traceId: request.TraceId);
        await Save(next);
        Launch(starts);
        return succeeded;
    }

    private OperationRequest ToOperationRequest(NodeActionRequest request, ImmutableDictionary<string, string> parameters) =>
        new(Id, request.Action, NodeSecrets.Masked(parameters), request.IdempotencyKey, request.RequestedBy, request.TraceId)
        {
            Callback = request.Callback,
        };

    private NodeState Remember(NodeState state, string operationId, NodeActionRequest request)
    {
        var recent = state.RecentOperations.Insert(0, operationId);
        state = state with
        {
            RecentOperations = recent.Count > _options.RecentOperationsCapacity ? recent.RemoveRange(_options.RecentOperationsCapacity, recent.Count - _options.RecentOperationsCapacity) : recent,
        };
        if (request.IdempotencyKey is not { } key)
        {
            return state;
        }

        return RememberKey(state, key, request.Action, operationId);
    }

    private NodeState RememberKey(NodeState state, string key, OperationAction action, string operationId)
    {
        var keyed = state.KeyedOperations.Add(new KeyedOperation(key, action, operationId, timeProvider.GetUtcNow()));
        return state with
        {
            KeyedOperations = keyed.Count > KeyedOperationsCapacity ? keyed.RemoveRange(0, keyed.Count - KeyedOperationsCapacity) : keyed,
        };
    }

    // The operation accepted earlier for the same action under the same key, pending or finished. A key reused for
    // another action is not a retry: the pending-key rule below refuses it while the first is pending.
    private KeyedOperation? RememberedUnderKey(NodeState state, string? key, OperationAction action)
    {
        if (key is null)
        {
            return null;
        }

        var since = timeProvider.GetUtcNow() - KeyedOperationMemory;
        return state.KeyedOperations.FindLast(k => k.Key == key && k.Action == action && k.AcceptedAt > since);
    }

    private static string By(string? requestedBy) => requestedBy is null ? string.Empty : $" by {requestedBy}";
}
