using System.Reflection;

namespace BareMetal.Hosting;

/// <summary>Assemblies to load grain manifests from, in addition to those discovered automatically.</summary>
public sealed class GrainAssemblyOptions
{
    /// <summary>Explicitly added grain assemblies.</summary>
    public IList<Assembly> Assemblies { get; } = [];
}
