using Microsoft.CodeAnalysis;

namespace BareMetal.Runtime.CodeGenerator.Analysis;

/// <summary>Recognizes the runtime's types by name, so no symbol lookup in the compilation is needed.</summary>
internal static class GrainSymbols
{
    private const string RuntimeNamespace = "BareMetal.Runtime";
    private const string ConcurrencyNamespace = "BareMetal.Runtime.Concurrency";
    private const string SerializationNamespace = "BareMetal.Runtime.Serialization";

    /// <summary>Whether <paramref name="type"/> is a grain interface: an interface deriving from IAddressable, markers excluded.</summary>
    public static bool IsGrainInterface(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Interface || IsMarker(type))
        {
            return false;
        }

        foreach (var baseInterface in type.AllInterfaces)
        {
            if (IsRuntimeType(baseInterface, "IAddressable"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="type"/> is IAddressable, IGrain or one of the keyed grain markers.</summary>
    public static bool IsMarker(INamedTypeSymbol type)
        => type.Name is "IAddressable" or "IGrain" or "IGrainWithStringKey" or "IGrainWithGuidKey" or "IGrainWithIntegerKey"
           && type.TypeParameters.Length == 0
           && IsInNamespace(type, RuntimeNamespace);

    public static bool IsOneWayAttribute(INamedTypeSymbol? type) => IsAttribute(type, ConcurrencyNamespace, "OneWayAttribute");

    public static bool IsAlwaysInterleaveAttribute(INamedTypeSymbol? type) => IsAttribute(type, ConcurrencyNamespace, "AlwaysInterleaveAttribute");

    public static bool IsReadOnlyAttribute(INamedTypeSymbol? type) => IsAttribute(type, ConcurrencyNamespace, "ReadOnlyAttribute");

    public static bool IsResponseTimeoutAttribute(INamedTypeSymbol? type) => IsAttribute(type, ConcurrencyNamespace, "ResponseTimeoutAttribute");

    public static bool IsImmutableAttribute(INamedTypeSymbol? type) => IsAttribute(type, SerializationNamespace, "ImmutableAttribute");

    /// <summary>Whether <paramref name="type"/> is <c>System.Threading.CancellationToken</c>.</summary>
    public static bool IsCancellationToken(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "CancellationToken", TypeKind: TypeKind.Struct } named && IsInNamespace(named, "System.Threading");

    /// <summary>Whether <paramref name="type"/> is <c>Task</c>, <c>Task&lt;T&gt;</c>, <c>ValueTask</c> or <c>ValueTask&lt;T&gt;</c>.</summary>
    public static Model.ReturnKind? GetReturnKind(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol named || !IsInNamespace(named, "System.Threading.Tasks") || named.ContainingType is not null)
        {
            return null;
        }

        return (named.Name, named.TypeArguments.Length) switch
        {
            ("Task", 0) => Model.ReturnKind.Task,
            ("Task", 1) => Model.ReturnKind.TaskOfT,
            ("ValueTask", 0) => Model.ReturnKind.ValueTask,
            ("ValueTask", 1) => Model.ReturnKind.ValueTaskOfT,
            _ => null,
        };
    }

    private static bool IsRuntimeType(INamedTypeSymbol type, string name)
        => type.Name == name && type.TypeParameters.Length == 0 && IsInNamespace(type, RuntimeNamespace);

    private static bool IsAttribute(INamedTypeSymbol? type, string ns, string name)
        => type is not null && type.Name == name && type.ContainingType is null && IsInNamespace(type, ns);

    private static bool IsInNamespace(INamedTypeSymbol type, string ns)
        => type.ContainingType is null
           && type.ContainingNamespace is { } containing
           && containing.ToDisplayString() == ns;
}
