using System.Collections.Concurrent;
using BareMetal.Runtime.Invocation;
using BareMetal.Runtime.Manifest;
using BareMetal.Runtime.Serialization;

namespace BareMetal.Runtime.Grains;

/// <summary>
/// Creates grain references: resolves the grain type that implements an interface (once per
/// interface) and instantiates the generated proxy. No activation happens here.
/// </summary>
internal sealed class GrainFactory(GrainTypeManifest manifest, IGrainCallRuntime runtime) : IGrainFactory, IGrainReferenceResolver
{
    private readonly ConcurrentDictionary<Type, (GrainInterfaceRegistration Registration, string? GrainType)> _byInterface = new();

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        return Create<TGrainInterface>(key);
    }

    public TGrainInterface GetGrain<TGrainInterface>(Guid key) where TGrainInterface : IGrainWithGuidKey =>
        Create<TGrainInterface>(key.ToString("N"));

    public TGrainInterface GetGrain<TGrainInterface>(long key) where TGrainInterface : IGrainWithIntegerKey =>
        Create<TGrainInterface>(key.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable
    {
        var (registration, _) = Lookup(typeof(TGrainInterface));
        return (TGrainInterface)(object)registration.CreateProxy(runtime, grainId);
    }

    public IAddressable Resolve(GrainId grainId, string interfaceName) =>
        manifest.TryGetInterface(interfaceName, out var registration)
            ? registration.CreateProxy(runtime, grainId)
            : throw new InvalidOperationException($"Unknown grain interface '{interfaceName}' for grain {grainId}.");

    private TGrainInterface Create<TGrainInterface>(string key)
    {
        var (registration, grainType) = Lookup(typeof(TGrainInterface));
        grainType ??= manifest.GetGrainType(typeof(TGrainInterface));
        return (TGrainInterface)(object)registration.CreateProxy(runtime, new GrainId(grainType, key));
    }

    private (GrainInterfaceRegistration Registration, string? GrainType) Lookup(Type interfaceType) =>
        _byInterface.GetOrAdd(interfaceType, static (type, m) =>
        {
            var registration = m.GetInterface(type);
            string? grainType = null;
            try
            {
                grainType = m.GetGrainType(type);
            }
            catch (InvalidOperationException)
            {
                // Interfaces with no single implementation (IRemindable) are only addressable by GrainId.
            }

            return (registration, grainType);
        }, manifest);
}
