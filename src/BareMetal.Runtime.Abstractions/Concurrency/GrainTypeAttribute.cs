namespace BareMetal.Runtime.Concurrency;

/// <summary>
/// Names the grain type used in grain ids and storage rows. Without it, the class name in lower
/// case with a trailing "Grain" removed is used (NodeGrain is "node"). On a grain interface it tells
/// processes that have the interface but not the class (external clients) which grain type to address;
/// without it they use the interface name the same way (INodeGrain is "node").
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface, Inherited = false)]
public sealed class GrainTypeAttribute(string grainType) : Attribute
{
    /// <summary>The grain type name.</summary>
    public string GrainType { get; } = grainType;
}
