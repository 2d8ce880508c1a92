namespace BareMetal.Runtime.Manifest;

/// <summary>Points the runtime at an assembly's generated <see cref="IGrainManifestProvider"/>.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class GrainManifestProviderAttribute(Type providerType) : Attribute
{
    /// <summary>The provider type; it must have a public parameterless constructor.</summary>
    public Type ProviderType { get; } = providerType;
}
