using BareMetal.Runtime;

namespace BareMetal.Provisioning.Persistence;

/// <summary>
/// Persistent states a grain creates by name at run time (history pages, a lazily read operation record), next to
/// the ones the <c>[PersistentState]</c> attribute gives it at activation. Such a state is not read when created: its
/// first write with no ETag is an insert that a stored row refuses, and a grain that needs the stored value reads it.
/// </summary>
/// <remarks>
/// Orleans' <c>IPersistentStateFactory</c> takes a configuration object (state and storage names) where ours takes
/// the names; grains go through this one helper so that the runtime's shape is known in one place.
/// </remarks>
internal static class NamedPersistentState
{
    /// <summary>The storage every provisioning grain state lives in.</summary>
    public const string StorageName = "Default";

    /// <summary>Creates the unread state <paramref name="stateName"/> of the activation <paramref name="grain"/>; its value is the empty state until read.</summary>
    public static IPersistentState<TState> CreateNamed<TState>(this IPersistentStateFactory factory, Grain grain, string stateName)
        where TState : class, new()
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(grain);
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        return factory.Create<TState>(grain.GrainContext, stateName, StorageName);
    }
}
