namespace BareMetal.Runtime.Concurrency;

/// <summary>
/// Names the grain type used in grain ids and storage rows. Without it, the class name in lower
/// case with a trailing "Grain" removed is used (NodeGrain is "node").
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string grainType) : Attribute
{
    /// <summary>The grain type name.</summary>
    public string GrainType { get; } = grainType;
}
