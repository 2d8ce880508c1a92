namespace BareMetal.Runtime.Invocation;

/// <summary>
/// Static facts about one grain interface, produced by the source generator: its type, its
/// stable name (used on the wire), and a factory for empty requests by method id (used when a
/// request arrives from another process).
/// </summary>
public sealed class GrainInterfaceInfo(Type interfaceType, string name, IReadOnlyList<string> methodNames, Func<int, RequestBase> createRequest)
{
    /// <summary>The interface type.</summary>
    public Type InterfaceType { get; } = interfaceType;

    /// <summary>The interface's full name, stable across builds.</summary>
    public string Name { get; } = name;

    /// <summary>Method names by method id.</summary>
    public IReadOnlyList<string> MethodNames { get; } = methodNames;

    /// <summary>Creates an empty request for a method id, to be filled by a deserializer.</summary>
    public RequestBase CreateRequest(int methodId) => createRequest(methodId);

    /// <inheritdoc />
    public override string ToString() => Name;
}
