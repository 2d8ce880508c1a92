namespace BareMetal.Runtime;

/// <summary>
/// Base class for grain implementations. Every method of a grain runs as a turn of its
/// activation: one request at a time unless the grain or method opts into interleaving.
/// </summary>
public abstract class Grain : IAddressable
{
    /// <summary>Binds the instance to the activation being created by the runtime.</summary>
    protected Grain()
        : this(RuntimeContext.ActivationBeingCreated
               ?? throw new InvalidOperationException(
                   "A grain can only be constructed by the runtime. Use IGrainFactory.GetGrain to obtain a reference instead."))
    {
    }

    /// <summary>Binds the instance to an explicit context (for grains constructed by tests or adapters).</summary>
    protected Grain(IGrainContext grainContext)
    {
        ArgumentNullException.ThrowIfNull(grainContext);
        GrainContext = grainContext;
    }

    /// <summary>The runtime's view of this activation.</summary>
    public IGrainContext GrainContext { get; }

    /// <summary>This grain's identity.</summary>
    public GrainId GrainId => GrainContext.GrainId;

    /// <summary>Factory for references to other grains.</summary>
    protected IGrainFactory GrainFactory => GrainContext.GrainFactory;

    /// <summary>Services of this activation.</summary>
    protected IServiceProvider ServiceProvider => GrainContext.ActivationServices;

    /// <summary>Runs once when the activation is created, before its first request.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once when the activation is collected or the silo stops. Writes nothing unless the grain does.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivate after the current request completes.</summary>
    protected void DeactivateOnIdle() => GrainContext.DeactivateOnIdle();

    /// <summary>Keep the activation alive at least this long, whatever the collection age says.</summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => GrainContext.DelayDeactivation(timeSpan);

    /// <summary>Registers a timer whose callback runs as a turn of this activation.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return GrainContext.RegisterGrainTimer(static (cb, ct) => cb(ct), callback, new GrainTimerCreationOptions(dueTime, period));
    }

    /// <summary>Registers a timer with state and options.</summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
        => GrainContext.RegisterGrainTimer(callback, state, options);

    /// <summary>Registers or updates a durable reminder; the grain must implement <see cref="IRemindable"/>.</summary>
    protected Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        if (this is not IRemindable)
        {
            throw new InvalidOperationException($"Grain {GrainId} registers reminder '{reminderName}' but does not implement {nameof(IRemindable)}.");
        }

        return GrainContext.RegisterOrUpdateReminder(reminderName, dueTime, period);
    }

    /// <summary>Removes a reminder.</summary>
    protected Task UnregisterReminder(IGrainReminder reminder) => GrainContext.UnregisterReminder(reminder);

    /// <summary>The reminder with this name, or null.</summary>
    protected Task<IGrainReminder?> GetReminder(string reminderName) => GrainContext.GetReminder(reminderName);

    /// <summary>All reminders of this grain.</summary>
    protected Task<IReadOnlyList<IGrainReminder>> GetReminders() => GrainContext.GetReminders();
}
