using System.Runtime.CompilerServices;
using Orleans.Runtime;

namespace Orleans;

/// <summary>
/// <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c> with the interface's grain type resolved once per factory instead of on
/// every call.
/// </summary>
/// <remarks>
/// Orleans' <c>GetGrain&lt;T&gt;(key)</c> maps the interface to its interface type and grain type each time it is called
/// (attribute reflection and type-name formatting). Every request and every node write makes several of these calls,
/// and a profile of the API under load put them at about 5% of the host's CPU. The reference built here is the one
/// Orleans would build: the first call goes through <c>GetGrain&lt;T&gt;</c> and the types it resolved are reused, per
/// grain factory (each cluster or client in a process has its own).
/// </remarks>
public static class ResolvedGrainReferences
{
    /// <summary>The grain of interface <typeparamref name="TGrain"/> with the string key <paramref name="key"/>.</summary>
    public static TGrain GetResolvedGrain<TGrain>(this IGrainFactory grains, string key)
        where TGrain : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(key);
        if (!ResolvedTypes<TGrain>.ByFactory.TryGetValue(grains, out var types))
        {
            var first = grains.GetGrain<TGrain>(key);
            if (first is not GrainReference reference)
            {
                // Not Orleans' factory (a test double): nothing to reuse.
                return first;
            }

            ResolvedTypes<TGrain>.ByFactory.AddOrUpdate(grains, new GrainTypes(reference.GrainId.Type, reference.InterfaceType));
            return first;
        }

        return (TGrain)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    private sealed record GrainTypes(GrainType Grain, GrainInterfaceType Interface);

    // One table per interface: looked up by the factory alone, with no interface-type key to hash.
    private static class ResolvedTypes<TGrain>
    {
        public static readonly ConditionalWeakTable<IGrainFactory, GrainTypes> ByFactory = new();
    }
}
