using Microsoft.Extensions.DependencyInjection;
using Orleans.Core;

namespace BareMetal.Provisioning.Persistence;

/// <summary>
/// Orleans' twin of the provisioning grains' named-state helper. Orleans' <see cref="IPersistentStateFactory"/> ties a
/// state to the grain's lifecycle, so it refuses to make one after activation ("Lifecycle has already been started"),
/// which is when the node creates its history pages. A state made here goes to the grain storage directly: same
/// contract as ours, not read when created, its value the empty state until read.
/// </summary>
internal static class NamedPersistentState
{
    public const string StorageName = "Default";

    public static IPersistentState<TState> CreateNamed<TState>(this IPersistentStateFactory factory, Grain grain, string stateName)
        where TState : class, new()
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(grain);
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        var storage = grain.GrainContext.ActivationServices.GetRequiredKeyedService<IGrainStorage>(StorageName);
        return new StorageBackedState<TState>(storage, stateName, grain.GrainContext.GrainId);
    }

    private sealed class StorageBackedState<TState>(IGrainStorage storage, string stateName, GrainId grainId) : IPersistentState<TState>
        where TState : class, new()
    {
        private readonly GrainState<TState> _stored = new(new TState());

        public TState State
        {
            get => _stored.State ?? throw new InvalidOperationException("A grain state is never null.");
            set => _stored.State = value;
        }

        public string? Etag => _stored.ETag;

        public bool RecordExists => _stored.RecordExists;

        public Task ReadStateAsync() => storage.ReadStateAsync(stateName, grainId, _stored);

        public Task WriteStateAsync() => storage.WriteStateAsync(stateName, grainId, _stored);

        public Task ClearStateAsync() => storage.ClearStateAsync(stateName, grainId, _stored);
    }
}
