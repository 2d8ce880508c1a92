using BareMetal.Runtime.Manifest;
using BareMetal.Runtime.Messaging;
using BareMetal.Runtime.Scheduling;
using BareMetal.Runtime.Timers;

namespace BareMetal.Runtime.Activations;

/// <summary>
/// One activation of a grain: its instance, its mailbox (waiting requests), the requests it is
/// running, its scheduler, timers and lifecycle. All mutable fields are guarded by <see cref="_lock"/>;
/// grain code itself runs on <see cref="Scheduler"/>, one work item at a time.
/// </summary>
internal sealed partial class ActivationData : IGrainContext, IActivationWorkRunner
{
    private readonly Lock _lock = new();
    private readonly Catalog _catalog;
    private readonly SiloRuntimeServices _runtime;
    private readonly Queue<Message> _waiting = new();
    private readonly List<Message> _running = new(2);
    private List<IGrainTimerTick>? _timers;
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ActivationState _state = ActivationState.Activating;
    private int _interleavableWaiting;
    private bool _deactivateOnIdle;
    private DeactivationReason _pendingDeactivationReason;
    private long _lastActivityMs = Environment.TickCount64;
    private long _keepAliveUntilMs;
    private GrainDirectory.GrainRegistration? _registration;

    public ActivationData(GrainId grainId, GrainClassMetadata metadata, Catalog catalog, SiloRuntimeServices runtime)
    {
        GrainId = grainId;
        Metadata = metadata;
        _catalog = catalog;
        _runtime = runtime;
        Scheduler = new ActivationTaskScheduler(this, runtime.Scheduling.MaxWorkItemsPerDrain);
        CollectionAgeMs = (long)(metadata.CollectionAge ?? runtime.Collection.CollectionAge).TotalMilliseconds;
    }

    public GrainId GrainId { get; }

    public GrainClassMetadata Metadata { get; }

    public ActivationTaskScheduler Scheduler { get; }

    public object? GrainInstance { get; private set; }

    public IGrainFactory GrainFactory => _runtime.GrainFactory;

    public IServiceProvider ActivationServices => _runtime.Services;

    public long CollectionAgeMs { get; }

    /// <summary>Completes when the activation has left the catalog.</summary>
    public Task Deactivated => _deactivated.Task;

    internal ActivationState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    public int WaitingCount
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    public void DeactivateOnIdle()
    {
        lock (_lock)
        {
            _keepAliveUntilMs = 0;
            RequestDeactivationLocked(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "The grain called DeactivateOnIdle."));
        }
    }

    public void DelayDeactivation(TimeSpan timeSpan)
    {
        lock (_lock)
        {
            _keepAliveUntilMs = timeSpan == TimeSpan.MaxValue || timeSpan.TotalMilliseconds >= long.MaxValue / 2
                ? long.MaxValue
                : Environment.TickCount64 + (long)timeSpan.TotalMilliseconds;
        }
    }

    public IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new GrainTimer<TState>(this, callback, state, options, _runtime.TimeProvider, _runtime.Logger);
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid)
            {
                throw new InvalidOperationException($"Grain {GrainId} is deactivating; it cannot register timers.");
            }

            (_timers ??= []).Add(timer);
        }

        timer.Start();
        return timer;
    }

    public Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period) =>
        _runtime.Reminders.RegisterOrUpdateAsync(GrainId, reminderName, dueTime, period, CancellationToken.None);

    public Task UnregisterReminder(IGrainReminder reminder) =>
        _runtime.Reminders.UnregisterAsync(GrainId, reminder, CancellationToken.None);

    public Task<IGrainReminder?> GetReminder(string reminderName) =>
        _runtime.Reminders.GetAsync(GrainId, reminderName, CancellationToken.None);

    public Task<IReadOnlyList<IGrainReminder>> GetReminders() =>
        _runtime.Reminders.GetAllAsync(GrainId, CancellationToken.None);

    internal void RemoveTimer(IGrainTimerTick timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    /// <summary>Whether the collector may deactivate this activation now.</summary>
    internal bool IsIdleLongerThanAge(long nowMs)
    {
        lock (_lock)
        {
            return _state == ActivationState.Valid
                && !Metadata.AlwaysActive
                && _running.Count == 0
                && _waiting.Count == 0
                && nowMs >= _keepAliveUntilMs
                && nowMs - _lastActivityMs >= CollectionAgeMs;
        }
    }

    public override string ToString() => $"activation of {GrainId}";
}
