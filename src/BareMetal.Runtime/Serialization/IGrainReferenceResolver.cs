namespace BareMetal.Runtime.Serialization;

/// <summary>Turns a serialized grain id and interface name back into a proxy.</summary>
internal interface IGrainReferenceResolver
{
    IAddressable Resolve(GrainId grainId, string interfaceName);
}
