using BareMetal.Runtime.Invocation;

namespace BareMetal.Runtime.Manifest;

/// <summary>What the silo knows about a grain class, read once at start from its attributes.</summary>
internal sealed record GrainClassMetadata(
    Type GrainClass,
    string GrainType,
    IReadOnlyList<Type> Interfaces,
    bool IsReentrant,
    Func<IInvokable, bool>? MayInterleave,
    TimeSpan? CollectionAge,
    bool AlwaysActive);
