using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BareMetal.Runtime.CodeGenerator.Analysis;

/// <summary>How symbols are spelled in generated code.</summary>
internal static class TypeNames
{
    /// <summary><c>global::</c>-qualified, keywords escaped, special types by keyword, nullable reference annotations kept.</summary>
    private static readonly SymbolDisplayFormat SignatureFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Like <see cref="SignatureFormat"/> but without nullable reference annotations, as <c>typeof</c> requires.</summary>
    private static readonly SymbolDisplayFormat RuntimeFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <summary>The type as written in a signature or a field declaration.</summary>
    public static string Signature(ITypeSymbol type) => type.ToDisplayString(SignatureFormat);

    /// <summary>The type as written inside <c>typeof(...)</c>.</summary>
    public static string Runtime(ITypeSymbol type, Compilation compilation)
        => WithoutDynamic(type, compilation).ToDisplayString(RuntimeFormat);

    /// <summary>A name as a C# identifier: reserved keywords get an <c>@</c>.</summary>
    public static string Identifier(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>The CLR full name of a non-generic type: namespace, then containing types joined by '+'.</summary>
    public static string ClrFullName(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            name = containing.MetadataName + "+" + name;
        }

        var ns = type.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? name : ns.ToDisplayString() + "." + name;
    }

    /// <summary>A name turned into an identifier fragment: every character that cannot appear in an identifier becomes '_'.</summary>
    public static string Mangle(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(SyntaxFacts.IsIdentifierPartCharacter(c) ? c : '_');
        }

        if (builder.Length == 0 || !SyntaxFacts.IsIdentifierStartCharacter(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    /// <summary>An int literal in invariant culture.</summary>
    public static string Literal(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A long literal in invariant culture.</summary>
    public static string Literal(long value) => value.ToString(CultureInfo.InvariantCulture) + "L";

    /// <summary>A string literal.</summary>
    public static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    private static ITypeSymbol WithoutDynamic(ITypeSymbol type, Compilation compilation)
    {
        switch (type)
        {
            case IDynamicTypeSymbol:
                return compilation.GetSpecialType(SpecialType.System_Object);
            case IArrayTypeSymbol array:
                var element = WithoutDynamic(array.ElementType, compilation);
                return SymbolEqualityComparer.Default.Equals(element, array.ElementType)
                    ? array
                    : compilation.CreateArrayTypeSymbol(element, array.Rank);
            case INamedTypeSymbol { IsGenericType: true } named when !named.IsUnboundGenericType:
                var arguments = named.TypeArguments;
                var replaced = new ITypeSymbol[arguments.Length];
                var changed = false;
                for (var i = 0; i < arguments.Length; i++)
                {
                    replaced[i] = WithoutDynamic(arguments[i], compilation);
                    changed |= !SymbolEqualityComparer.Default.Equals(replaced[i], arguments[i]);
                }

                if (!changed)
                {
                    return named;
                }

                var constructed = named.ContainingType is { IsGenericType: true } container
                    ? null
                    : named.OriginalDefinition.Construct(replaced);
                return constructed ?? named;
            default:
                return type;
        }
    }
}
