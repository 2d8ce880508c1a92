namespace BareMetal.Runtime;

/// <summary>
/// Creates persistent states whose names are only known at run time (pages of an archive, one row per slot), for
/// grains that cannot declare every state as a <see cref="PersistentStateAttribute"/> constructor parameter.
/// </summary>
/// <remarks>
/// Unlike an injected state, a created one is not read when the activation starts: the grain reads it when it needs
/// it. A write before any read inserts the row, and fails with <see cref="InconsistentStateException"/> if a row is
/// already stored, so a grain that writes blind still cannot overwrite what it has not seen.
/// </remarks>
public interface IPersistentStateFactory
{
    /// <summary>A state of the grain behind <paramref name="context"/>, stored as <paramref name="stateName"/>.</summary>
    /// <param name="context">The activation the state belongs to.</param>
    /// <param name="stateName">The state's name, unique within the grain.</param>
    /// <param name="storageName">The registered grain storage; "Default" when omitted.</param>
    IPersistentState<TState> Create<TState>(IGrainContext context, string stateName, string? storageName = null);
}
