namespace BareMetal.Runtime;

/// <summary>
/// What the runtime provides to one activation. The <see cref="Grain"/> base class forwards to it;
/// grains that do not derive from <see cref="Grain"/> can take it from their constructor.
/// </summary>
public interface IGrainContext
{
    /// <summary>The identity of the activated grain.</summary>
    GrainId GrainId { get; }

    /// <summary>The grain instance, once constructed.</summary>
    object? GrainInstance { get; }

    /// <summary>A factory for references to other grains (and to this one).</summary>
    IGrainFactory GrainFactory { get; }

    /// <summary>Services scoped to this activation.</summary>
    IServiceProvider ActivationServices { get; }

    /// <summary>Deactivate after the current request ends, even if the collection age was not reached.</summary>
    void DeactivateOnIdle();

    /// <summary>Keep this activation alive for at least <paramref name="timeSpan"/> (use <see cref="TimeSpan.MaxValue"/> to stay until the silo stops).</summary>
    void DelayDeactivation(TimeSpan timeSpan);

    /// <summary>Registers an in-memory timer whose callbacks run as turns of this activation.</summary>
    IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options);

    /// <summary>Registers or updates a durable reminder of this grain.</summary>
    Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period);

    /// <summary>Removes a reminder of this grain.</summary>
    Task UnregisterReminder(IGrainReminder reminder);

    /// <summary>The reminder named <paramref name="reminderName"/>, or null.</summary>
    Task<IGrainReminder?> GetReminder(string reminderName);

    /// <summary>All reminders of this grain.</summary>
    Task<IReadOnlyList<IGrainReminder>> GetReminders();
}
