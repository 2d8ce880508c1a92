using BareMetal.Runtime.Invocation;

namespace BareMetal.Runtime.Manifest;

/// <summary>Collects what generated manifest providers declare.</summary>
public sealed class GrainManifestBuilder
{
    private readonly Dictionary<Type, GrainInterfaceRegistration> _interfaces = [];
    private readonly Dictionary<Type, GrainClassRegistration> _classes = [];

    /// <summary>The registered interfaces by type.</summary>
    public IReadOnlyDictionary<Type, GrainInterfaceRegistration> Interfaces => _interfaces;

    /// <summary>The registered grain classes by type.</summary>
    public IReadOnlyDictionary<Type, GrainClassRegistration> Classes => _classes;

    /// <summary>Registers a grain interface and the factory of its proxy.</summary>
    public GrainManifestBuilder AddInterface(GrainInterfaceInfo info, Func<IGrainCallRuntime, GrainId, GrainReference> createProxy)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(createProxy);
        _interfaces[info.InterfaceType] = new GrainInterfaceRegistration(info, createProxy);
        return this;
    }

    /// <summary>Registers a grain class and the grain interfaces it implements.</summary>
    public GrainManifestBuilder AddGrainClass(Type grainClass, params Type[] grainInterfaces)
    {
        ArgumentNullException.ThrowIfNull(grainClass);
        ArgumentNullException.ThrowIfNull(grainInterfaces);
        _classes[grainClass] = new GrainClassRegistration(grainClass, grainInterfaces);
        return this;
    }

    /// <summary>Adds the manifests of <paramref name="assembly"/> (its <see cref="GrainManifestProviderAttribute"/>s).</summary>
    public GrainManifestBuilder AddAssembly(System.Reflection.Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var attribute in assembly.GetCustomAttributes(typeof(GrainManifestProviderAttribute), inherit: false))
        {
            var providerType = ((GrainManifestProviderAttribute)attribute).ProviderType;
            var provider = (IGrainManifestProvider)(Activator.CreateInstance(providerType)
                ?? throw new InvalidOperationException($"Cannot create manifest provider {providerType}."));
            provider.Populate(this);
        }

        return this;
    }
}

/// <summary>A grain interface and how to create a proxy for it.</summary>
public sealed record GrainInterfaceRegistration(GrainInterfaceInfo Info, Func<IGrainCallRuntime, GrainId, GrainReference> CreateProxy);

/// <summary>A grain class and the grain interfaces it implements.</summary>
public sealed record GrainClassRegistration(Type GrainClass, IReadOnlyList<Type> Interfaces);
