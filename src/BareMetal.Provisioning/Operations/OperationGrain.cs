using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.Fleet;
using BareMetal.Provisioning.Nodes;
using BareMetal.Provisioning.Persistence;
using BareMetal.Provisioning.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Provisioning.Operations;

/// <summary>See <see cref="IOperationGrain"/>.</summary>
/// <remarks>
/// Reentrant so that <see cref="WaitForChange"/> long-polls and reads never hold back the writes they wait for;
/// every write runs under <see cref="_gate"/>, one at a time, as a non-reentrant grain would run them.
/// The terminal write is preceded by the durable preparation of its notifications (see <see cref="IOperationEventSink"/>);
/// when that fails the terminal state records the notifications as pending and a reminder retries them.
/// An operation is busy for seconds to minutes and then rarely read again, while a busy fleet creates thousands a
/// minute: a finished operation deactivates as soon as it is idle, and an unfinished idle one is collected after two
/// minutes rather than the silo's default, so memory follows the operations in flight.
/// Nearly every activation starts with the node creating the operation under a fresh id, so the state is not read
/// when the activation starts: a create writes blind (an insert, which fails if the row exists, and only then reads),
/// every other call reads it first, once per activation.
/// </remarks>
[GrainType("operation")]
[Reentrant]
[CollectionAgeLimit("00:02:00")]
public sealed partial class OperationGrain(
    IPersistentStateFactory states,
    TimeProvider timeProvider,
    IEnumerable<IOperationEventSink> eventSinks,
    IOptions<WebhookOptions> webhookOptions,
    IOptions<FleetOptions> fleetOptions,
    IOptions<NodeProvisioningOptions> nodeOptions,
    ILogger<OperationGrain> logger) : Grain, IOperationGrain, IRemindable
{
    // How long a turn waits for the index and the webhook sinks (see NodeProvisioningOptions.SideCallTimeout): a
    // frozen silo holding one of those grains must not hold this operation, nor the node that is waiting on it.
    private readonly TimeSpan _sideCallTimeout = nodeOptions.Value.SideCallTimeout;

    /// <summary>The reminder that retries notifications whose preparation failed.</summary>
    public const string NotifyReminder = "notify";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Task? _unansweredIndexCall;
    private readonly IReadOnlyList<IOperationEventSink> _eventSinks = [.. eventSinks];
    /// <summary>The reason given when a running, cancellable operation accepts a cancellation.</summary>
    public const string CancellationRequestedReason = "cancellation requested; the running step will stop";

    /// <summary>The reason used when a step is marked not cancellable without saying why.</summary>
    public const string DefaultNotCancellableReason = "the running step cannot be interrupted";

    // Long-polls waiting for the next write; completed (and replaced) by every commit.
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static readonly TimeSpan s_firstIndexRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_longestIndexRetry = TimeSpan.FromSeconds(30);

    private IPersistentState<OperationState>? _operation;
    private IGrainTimer? _indexRetryTimer;
    private TimeSpan _indexRetry = s_firstIndexRetry;

    // Whether this activation has read its state (or written it: a blind create that succeeded needs no read).
    private bool _loaded;

    private string Id => this.GetPrimaryKeyString();

    // The operation's stored state, created on first use (the grain context is not set while fields initialize).
    private IPersistentState<OperationState> Stored => _operation ??= states.CreateNamed<OperationState>(this, "operation");

    /// <inheritdoc />
    public Task<OperationView> Create(OperationRequest request)
        => Exclusive(() => CreateExclusive(request, null), load: false);

    /// <inheritdoc />
    public Task<OperationView> CreateRunning(OperationRequest request, OperationStepUpdate step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return Exclusive(() => CreateExclusive(request, step), load: false);
    }

    private async Task<OperationView> CreateExclusive(OperationRequest request, OperationStepUpdate? step)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.NodeId, nameof(request));
        var fingerprint = request.Fingerprint();
        var blind = !_loaded;
        var current = blind ? new OperationState() : Stored.State;
        if (current.Exists)
        {
            if (current.RequestFingerprint != fingerprint || current.Request?.IdempotencyKey != request.IdempotencyKey)
            {
                throw new OperationConflictException(current.Id, request.IdempotencyKey ?? current.Request?.IdempotencyKey);
            }

            return ToView(current);
        }

        var parameters = request.Parameters is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(request.Parameters, StringComparer.Ordinal);
        var now = timeProvider.GetUtcNow();
        var created = current with
        {
            Exists = true,
            Id = Id,
            Request = request with { Parameters = parameters },
            RequestFingerprint = fingerprint,
            Status = OperationStatus.Queued,
            CreatedAt = now,
        };
        var next = step is null ? created : Running(created, step, now);
        if (!blind)
        {
            return await Commit(next);
        }

        try
        {
            return await Commit(next, blind: true);
        }
        catch (InconsistentStateException)
        {
            // The id is taken (a retried create, or a caller reusing an id): answer from what is stored.
            await Load();
            return await CreateExclusive(request, step);
        }
    }

    /// <inheritdoc />
    public Task<OperationView> Advance(OperationStepUpdate step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return Exclusive(() => AdvanceExclusive(step));
    }

    private async Task<OperationView> AdvanceExclusive(OperationStepUpdate step)
    {
        var current = Existing("advance");
        if (current.Status is not (OperationStatus.Queued or OperationStatus.Running))
        {
            throw Refused(current, "advance");
        }

        // Nodes send advances again until acknowledged: one already applied, or older than the step shown, changes nothing.
        if (current.Status == OperationStatus.Running && IsAppliedOrOlder(current, step))
        {
            return ToView(current);
        }

        return await Commit(Running(current, step, timeProvider.GetUtcNow()));
    }

    private static bool IsAppliedOrOlder(OperationState current, OperationStepUpdate step) =>
        step.Progress.StepNumber < current.Progress.StepNumber
        || (step.Progress == current.Progress
            && step.Cancellable == current.RunningStepCancellable
            && (step.Cancellable || (step.NotCancellableReason ?? DefaultNotCancellableReason) == current.NotCancellableReason));

    // Running on the given step: a queued operation starts now; a running one keeps its start time.
    private static OperationState Running(OperationState state, OperationStepUpdate step, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step.Progress.StepNumber);
        ArgumentOutOfRangeException.ThrowIfNegative(step.Progress.StepCount);
        return state with
        {
            Status = OperationStatus.Running,
            StartedAt = state.StartedAt ?? now,
            Progress = step.Progress,
            RunningStepCancellable = step.Cancellable,
            NotCancellableReason = step.Cancellable ? null : step.NotCancellableReason ?? DefaultNotCancellableReason,
        };
    }

    /// <inheritdoc />
    public async Task<OperationView> Get()
    {
        await Loaded();
        return ToView(Existing("read"));
    }

    /// <inheritdoc />
    public async Task<OperationView> WaitForChange(long afterVersion, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        await Loaded();
        var current = Existing("wait for");
        if (current.Version > afterVersion || current.Status.IsTerminal())
        {
            return ToView(current);
        }

        // Interleaves with other calls: the commit that bumps the version completes this wait.
        await Task.WhenAny(_changed.Task, Task.Delay(timeout, timeProvider));
        return ToView(Stored.State);
    }

    /// <inheritdoc />
    public Task<OperationView> MarkRunning(int stepCount, string? message)
        => Exclusive(() => MarkRunningExclusive(stepCount, message));

    private async Task<OperationView> MarkRunningExclusive(int stepCount, string? message)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        var current = Existing("start");
        return current.Status switch
        {
            OperationStatus.Running => ToView(current),
            OperationStatus.Queued => await Commit(current with
            {
                Status = OperationStatus.Running,
                StartedAt = timeProvider.GetUtcNow(),
                Progress = new OperationProgress(0, stepCount, message),
            }),
            _ => throw Refused(current, "start"),
        };
    }

    /// <inheritdoc />
    public Task<OperationView> ReportProgress(int stepNumber, string message)
        => Exclusive(() => ReportProgressExclusive(stepNumber, message));

    private async Task<OperationView> ReportProgressExclusive(int stepNumber, string message)
    {
        var current = Existing("report progress on");
        if (current.Status != OperationStatus.Running)
        {
            throw Refused(current, "report progress on");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(stepNumber);
        if (current.Progress.StepCount > 0)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(stepNumber, current.Progress.StepCount);
        }

        return await Commit(current with { Progress = current.Progress with { StepNumber = stepNumber, Message = message } });
    }

    /// <inheritdoc />
    public Task<OperationView> Complete(OperationStatus terminalStatus, string? result, string? error)
        => Exclusive(() => CompleteExclusive(terminalStatus, result, error));

    private async Task<OperationView> CompleteExclusive(OperationStatus terminalStatus, string? result, string? error)
    {
        if (!terminalStatus.IsTerminal())
        {
            throw new ArgumentException($"{terminalStatus} is not a terminal status.", nameof(terminalStatus));
        }

        var attempted = $"complete as {terminalStatus}";
        var current = Existing(attempted);
        if (current.Status == terminalStatus)
        {
            return ToView(current);
        }

        // A queued operation may be given up on (failed, timed out, cancelled) but cannot have succeeded.
        var allowed = current.Status == OperationStatus.Running
            || (current.Status == OperationStatus.Queued && terminalStatus != OperationStatus.Succeeded);
        if (!allowed)
        {
            throw Refused(current, attempted);
        }

        return await Commit(current with
        {
            Status = terminalStatus,
            Result = result,
            Error = error ?? (terminalStatus == OperationStatus.Cancelled ? current.CancellationReason : null),
            EndedAt = timeProvider.GetUtcNow(),
        });
    }

    /// <inheritdoc />
    public async Task<CancelOutcome> Cancel(string? reason)
    {
        // An unfinished operation sits in its node's queue or runs its node's step, and only the node can take it out
        // or interrupt the step: a caller that comes here directly (a service on the embedded cluster client) gets the
        // decision the API gets, instead of an operation marked cancelled that its node still runs. The node tells
        // this operation its end through the outbox; this grain is reentrant, so that call is not held up by this one.
        var current = await Exclusive(() => Task.FromResult(Existing("cancel")));
        if (!current.Status.IsTerminal() && current.Request is { } request)
        {
            try
            {
                return await GrainFactory.GetResolvedGrain<INodeGrain>(request.NodeId).Cancel(Id, reason);
            }
            catch (Exception exception) when (exception is NodeNotFoundException or NodeRequestRefusedException)
            {
                // Not in any node's queue (created directly, without a node): the operation decides alone.
            }
        }

        return await Exclusive(() => CancelExclusive(reason));
    }

    private async Task<CancelOutcome> CancelExclusive(string? reason)
    {
        var current = Existing("cancel");
        switch (current.Status)
        {
            case OperationStatus.Queued:
                var cancelled = await Commit(current with
                {
                    Status = OperationStatus.Cancelled,
                    Error = reason ?? "cancelled while queued",
                    CancellationReason = reason,
                    EndedAt = timeProvider.GetUtcNow(),
                });
                return new CancelOutcome(true, cancelled.Status, "cancelled while queued");
            case OperationStatus.Running when current.CancellationRequested:
                return new CancelOutcome(true, current.Status, CancellationRequestedReason);
            case OperationStatus.Running when current.RunningStepCancellable:
                await Commit(current with { CancellationRequested = true, CancellationReason = reason });
                return new CancelOutcome(true, current.Status, CancellationRequestedReason);
            case OperationStatus.Running:
                return new CancelOutcome(false, current.Status, current.NotCancellableReason ?? DefaultNotCancellableReason);
            default:
                return new CancelOutcome(false, current.Status, $"already {current.Status}");
        }
    }

    /// <inheritdoc />
    public Task SetCancellable(bool cancellable, string? whyNot)
        => Exclusive(() => SetCancellableExclusive(cancellable, whyNot));

    private async Task SetCancellableExclusive(bool cancellable, string? whyNot)
    {
        var attempted = cancellable ? "mark cancellable" : "mark not cancellable";
        var current = Existing(attempted);
        if (current.Status != OperationStatus.Running)
        {
            throw Refused(current, attempted);
        }

        await Commit(current with
        {
            RunningStepCancellable = cancellable,
            NotCancellableReason = cancellable ? null : whyNot ?? DefaultNotCancellableReason,
        });
    }

    /// <inheritdoc />
    public Task RecordDelivery(DeliveryAttempt attempt)
        => Exclusive(() => RecordDeliveryExclusive(attempt));

    private async Task RecordDeliveryExclusive(DeliveryAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var current = Existing("record a delivery for");
        if (!current.Status.IsTerminal())
        {
            throw Refused(current, "record a delivery for");
        }

        await Commit(current with { DeliveryAttempts = current.DeliveryAttempts.Add(attempt) });
        Diagnostics.ProvisioningTelemetry.WebhookDelivery(attempt.Delivered);
    }

    /// <inheritdoc />
    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == NotifyReminder ? Exclusive(RetryPendingNotifications) : Task.CompletedTask;

    private async Task<T> Exclusive<T>(Func<Task<T>> work, bool load = true)
    {
        await _gate.WaitAsync();
        try
        {
            if (load && !_loaded)
            {
                await Load();
            }

            return await work();
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task Exclusive(Func<Task> work) => Exclusive(async () =>
    {
        await work();
        return true;
    });

    private async Task RetryPendingNotifications()
    {
        var current = Stored.State;
        if (current.Exists && current.NotificationsPending)
        {
            var prepared = await PrepareNotifications(ToView(current));
            if (prepared is null)
            {
                return;
            }

            await Commit(current with { NotificationsPending = false });
            await DispatchNotifications(prepared);
        }

        if (await this.GetReminder(NotifyReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    // Null when a sink failed: the caller records the notifications as pending.
    private async Task<List<(IOperationEventSink Sink, IReadOnlyList<string> Prepared)>?> PrepareNotifications(OperationView terminal)
    {
        var prepared = new List<(IOperationEventSink, IReadOnlyList<string>)>(_eventSinks.Count);
        try
        {
            foreach (var sink in _eventSinks)
            {
                var preparing = sink.Prepare(terminal, Stored.State.Request?.Callback);
                if (!await SideCall.EndedWithin(preparing, _sideCallTimeout))
                {
                    // Recorded as pending and prepared again by the reminder; preparing twice is harmless.
                    LogNotificationsNotWaitedFor(terminal.Id, _sideCallTimeout);
                    return null;
                }

                prepared.Add((sink, await preparing));
            }

            return prepared;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogNotificationsFailed(terminal.Id, exception);
            return null;
        }
    }

    private async Task DispatchNotifications(List<(IOperationEventSink Sink, IReadOnlyList<string> Prepared)> prepared)
    {
        foreach (var (sink, handles) in prepared)
        {
            try
            {
                if (!await SideCall.EndedWithin(sink.Dispatch(handles), _sideCallTimeout))
                {
                    LogNotificationsNotWaitedFor(Id, _sideCallTimeout);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Prepared notifications start by themselves later (see IOperationEventSink).
                LogNotificationsFailed(Id, exception);
            }
        }
    }

    // Reads and interleaved calls load through the gate, so the one read never races a write of the same state.
    private Task Loaded() => _loaded ? Task.CompletedTask : Exclusive(static () => Task.CompletedTask);

    private async Task Load()
    {
        await Stored.ReadStateAsync();
        _loaded = true;
        FollowReconcile();
        if (Stored.State is { Exists: true } loaded && !loaded.Status.IsTerminal())
        {
            // An index that lost this operation's view with a silo gets it back as soon as the operation is read.
            await PublishToIndex(ToView(loaded));
        }
    }

    private OperationState Existing(string attempted) =>
        Stored.State.Exists ? Stored.State : throw new OperationStateException(Id, null, attempted);

    private OperationStateException Refused(OperationState current, string attempted) => new(Id, current.Status, attempted);

    // A blind commit is a create that has not read the state: a conflict means the row exists, not that another
    // activation moved it on, so the caller reads it and this activation stays.
    private async Task<OperationView> Commit(OperationState next, bool blind = false)
    {
        var previous = Stored.State;
        next = next with { Version = previous.Version + 1 };
        List<(IOperationEventSink, IReadOnlyList<string>)>? notifications = null;
        if (next.Status.IsTerminal() && !previous.Status.IsTerminal() && _eventSinks.Count > 0)
        {
            // Before the write, so that a silo dying right after it cannot lose the notifications.
            notifications = await PrepareNotifications(ToView(next));
            if (notifications is null)
            {
                next = next with { NotificationsPending = true };
                var retry = webhookOptions.Value.ReminderPeriod;
                await this.RegisterOrUpdateReminder(NotifyReminder, retry, retry);
            }
        }

        Stored.State = next;
        try
        {
            await Stored.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            Stored.State = previous;
            if (!blind)
            {
                // Another activation wrote newer state: drop this one so the next call reads it.
                DeactivateOnIdle();
            }

            throw;
        }

        _loaded = true;
        FollowReconcile();

        if (next.Status.IsTerminal() && !previous.Status.IsTerminal())
        {
            Diagnostics.ProvisioningTelemetry.OperationFinished(next.Request?.Action, next.Status, next.CreatedAt, next.EndedAt ?? timeProvider.GetUtcNow());
        }

        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
        var view = ToView(next);
        await PublishToIndex(view);
        if (notifications is not null)
        {
            await DispatchNotifications(notifications);
        }

        if (next.Status.IsTerminal() && !next.NotificationsPending && _indexRetryTimer is null)
        {
            // Done: a later read (a poll, a webhook delivery record) activates it again from storage. Kept for its age
            // limit, every finished operation of the last minutes would stay in memory and be copied by each garbage
            // collection generation it survives.
            DeactivateOnIdle();
        }

        return view;
    }

    // The index lists operations by status, so it must hear every change: a view it could not take is sent again
    // (the latest view, with backoff) until it does. The index keeps the newest version it was given, so a repeat
    // or a late view changes nothing.
    private async Task PublishToIndex(OperationView view)
    {
        try
        {
            // While an earlier view is still unanswered the shard is not waited for again; the retry sends the latest.
            var wait = _unansweredIndexCall is { IsCompleted: false } ? TimeSpan.Zero : _sideCallTimeout;
            var upsert = GrainFactory.GetResolvedGrain<IOperationIndexGrain>(NodeIndex.ShardKeyOf(view.NodeId)).Upsert(view);
            if (!await SideCall.EndedWithin(upsert, wait))
            {
                _unansweredIndexCall = upsert;
                ScheduleIndexRetry(new TimeoutException($"The operation index did not answer within {wait}."));
                return;
            }

            _indexRetry = s_firstIndexRetry;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            ScheduleIndexRetry(exception);
        }
    }

    private void ScheduleIndexRetry(Exception exception)
    {
        var delay = _indexRetry;
        LogIndexRetried(Id, delay, exception);
        if (_indexRetryTimer is not null)
        {
            return;
        }

        _indexRetry = TimeSpan.FromTicks(Math.Min(_indexRetry.Ticks * 2, s_longestIndexRetry.Ticks));
        _indexRetryTimer = this.RegisterGrainTimer(
            _ =>
            {
                _indexRetryTimer?.Dispose();
                _indexRetryTimer = null;
                return Stored.State.Exists ? PublishToIndex(ToView(Stored.State)) : Task.CompletedTask;
            },
            // Kept alive while a view is owed: an idle activation is not collected before the index has it.
            new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private static OperationView ToView(OperationState state)
    {
        var request = state.Request!;
        var cancellable = state.Status switch
        {
            OperationStatus.Queued => true,
            OperationStatus.Running => state.RunningStepCancellable && !state.CancellationRequested,
            _ => false,
        };
        var notCancellableReason = state.Status switch
        {
            OperationStatus.Queued => null,
            OperationStatus.Running when state.CancellationRequested => "cancellation already requested",
            OperationStatus.Running => state.RunningStepCancellable ? null : state.NotCancellableReason,
            _ => $"already {state.Status}",
        };
        return new OperationView(
            state.Id,
            request.NodeId,
            request.Action,
            request.Parameters ?? new Dictionary<string, string>(),
            state.Status,
            state.Progress,
            state.Result,
            state.Error,
            state.CreatedAt,
            state.StartedAt,
            state.EndedAt,
            request.TraceId,
            request.RequestedBy,
            request.IdempotencyKey,
            cancellable,
            notCancellableReason,
            state.CancellationRequested,
            state.DeliveryAttempts)
        {
            Version = state.Version,
            CallbackUrl = request.Callback?.Url,
        };
    }
}
