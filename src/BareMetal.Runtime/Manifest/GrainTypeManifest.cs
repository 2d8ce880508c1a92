using System.Reflection;
using BareMetal.Runtime.Concurrency;
using BareMetal.Runtime.Invocation;

namespace BareMetal.Runtime.Manifest;

/// <summary>
/// The silo's map of grain interfaces (with their proxies), grain classes and grain type names,
/// built once at start from the generated manifests.
/// </summary>
internal sealed class GrainTypeManifest
{
    private static readonly Type[] MarkerInterfaces =
        [typeof(IAddressable), typeof(IGrain), typeof(IGrainWithStringKey), typeof(IGrainWithGuidKey), typeof(IGrainWithIntegerKey)];

    private readonly Dictionary<Type, GrainInterfaceRegistration> _interfacesByType;
    private readonly Dictionary<string, GrainInterfaceRegistration> _interfacesByName;
    private readonly Dictionary<string, GrainClassMetadata> _classesByGrainType;
    private readonly Dictionary<Type, List<GrainClassMetadata>> _implementations;

    private readonly bool _allowInterfaceNamedTypes;

    /// <param name="assemblies">Assemblies with generated manifests.</param>
    /// <param name="allowInterfaceNamedTypes">External clients: address grains whose class is absent by their interface's name.</param>
    public GrainTypeManifest(IEnumerable<Assembly> assemblies, bool allowInterfaceNamedTypes = false)
    {
        _allowInterfaceNamedTypes = allowInterfaceNamedTypes;
        var builder = new GrainManifestBuilder();
        foreach (var assembly in assemblies.Distinct())
        {
            builder.AddAssembly(assembly);
        }

        _interfacesByType = builder.Interfaces.ToDictionary(p => p.Key, p => p.Value);
        _interfacesByName = builder.Interfaces.Values.ToDictionary(r => r.Info.Name, StringComparer.Ordinal);
        _classesByGrainType = new Dictionary<string, GrainClassMetadata>(StringComparer.Ordinal);
        _implementations = [];
        foreach (var registration in builder.Classes.Values)
        {
            var metadata = Describe(registration);
            if (_classesByGrainType.TryGetValue(metadata.GrainType, out var existing))
            {
                throw new InvalidOperationException(
                    $"Grain classes {existing.GrainClass.FullName} and {metadata.GrainClass.FullName} both have grain type '{metadata.GrainType}'. Give one of them a [GrainType] attribute.");
            }

            _classesByGrainType.Add(metadata.GrainType, metadata);
            foreach (var grainInterface in metadata.Interfaces)
            {
                if (!_implementations.TryGetValue(grainInterface, out var list))
                {
                    _implementations[grainInterface] = list = [];
                }

                list.Add(metadata);
            }
        }
    }

    public IReadOnlyCollection<GrainClassMetadata> GrainClasses => _classesByGrainType.Values;

    public bool TryGetInterface(Type interfaceType, out GrainInterfaceRegistration registration) =>
        _interfacesByType.TryGetValue(interfaceType, out registration!);

    public GrainInterfaceRegistration GetInterface(Type interfaceType) =>
        _interfacesByType.TryGetValue(interfaceType, out var registration)
            ? registration
            : throw new InvalidOperationException(
                $"{interfaceType.FullName} is not a known grain interface. Its project must reference the BareMetal code generator as an analyzer.");

    public bool TryGetInterface(string interfaceName, out GrainInterfaceRegistration registration) =>
        _interfacesByName.TryGetValue(interfaceName, out registration!);

    public bool TryGetClass(string grainType, out GrainClassMetadata metadata) =>
        _classesByGrainType.TryGetValue(grainType, out metadata!);

    /// <summary>The grain type of the one class implementing <paramref name="interfaceType"/>.</summary>
    public string GetGrainType(Type interfaceType)
    {
        if (!_implementations.TryGetValue(interfaceType, out var classes) || classes.Count == 0)
        {
            // A process with the interface but not the class (an external client) addresses the grain
            // by the interface's [GrainType], or by its name as the class name would give it.
            return interfaceType.GetCustomAttribute<GrainTypeAttribute>()?.GrainType
                ?? (_allowInterfaceNamedTypes
                    ? DefaultGrainType(interfaceType, stripInterfacePrefix: true)
                    : throw new InvalidOperationException($"No grain class implements {interfaceType.FullName}."));
        }

        if (classes.Count > 1)
        {
            throw new InvalidOperationException(
                $"{interfaceType.FullName} is implemented by several grain classes ({string.Join(", ", classes.Select(c => c.GrainClass.Name))}); address the grain by GrainId instead.");
        }

        return classes[0].GrainType;
    }

    public static string DefaultGrainType(Type grainClass, bool stripInterfacePrefix = false)
    {
        var name = grainClass.Name;
        if (stripInterfacePrefix && name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]))
        {
            name = name[1..];
        }

        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > "Grain".Length)
        {
            name = name[..^"Grain".Length];
        }

        return name.ToLowerInvariant();
    }

    private static GrainClassMetadata Describe(GrainClassRegistration registration)
    {
        var type = registration.GrainClass;
        var grainType = type.GetCustomAttribute<GrainTypeAttribute>()?.GrainType ?? DefaultGrainType(type);
        var collection = type.GetCustomAttribute<CollectionAgeLimitAttribute>();
        var interfaces = registration.Interfaces.Where(i => !MarkerInterfaces.Contains(i)).ToList();
        return new GrainClassMetadata(
            type,
            grainType,
            interfaces,
            IsReentrant: type.IsDefined(typeof(ReentrantAttribute), inherit: true),
            MayInterleave: FindMayInterleave(type),
            CollectionAge: collection?.Age,
            AlwaysActive: collection?.AlwaysActive ?? false);
    }

    private static Func<IInvokable, bool>? FindMayInterleave(Type type)
    {
        var attribute = type.GetCustomAttribute<MayInterleaveAttribute>();
        if (attribute is null)
        {
            return null;
        }

        var method = type.GetMethod(attribute.CallbackMethodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(IInvokable)]);
        if (method is null || method.ReturnType != typeof(bool))
        {
            throw new InvalidOperationException(
                $"{type.FullName} names [MayInterleave(\"{attribute.CallbackMethodName}\")] but has no static bool {attribute.CallbackMethodName}(IInvokable) method.");
        }

        return method.CreateDelegate<Func<IInvokable, bool>>();
    }
}
