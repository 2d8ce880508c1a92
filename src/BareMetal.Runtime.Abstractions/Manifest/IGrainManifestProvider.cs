namespace BareMetal.Runtime.Manifest;

/// <summary>Implemented by generated code: lists the grain interfaces (with their proxies) and grain classes of an assembly.</summary>
public interface IGrainManifestProvider
{
    /// <summary>Adds this assembly's interfaces and classes to <paramref name="builder"/>.</summary>
    void Populate(GrainManifestBuilder builder);
}
