using BareMetal.Runtime.Serialization;
using BareMetal.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Runtime.Persistence;

/// <summary>The silo's <see cref="IPersistentStateFactory"/>: the same states [PersistentState] injects, unread.</summary>
internal sealed class PersistentStateFactory(IServiceProvider services, RuntimeSerializer serializer) : IPersistentStateFactory
{
    public IPersistentState<TState> Create<TState>(IGrainContext context, string stateName, string? storageName = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        var name = storageName ?? PersistentStateAttribute.DefaultStorageName;
        var storage = services.GetKeyedService<IGrainStorage>(name)
            ?? throw new InvalidOperationException($"No grain storage named '{name}' is registered (state '{stateName}' of {context.GrainId}).");
        return new PersistentState<TState>(new GrainStateKey(context.GrainId, stateName), storage, serializer);
    }
}
