using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BareMetal.Runtime.CodeGenerator.Analysis;

/// <summary>The cheap syntactic checks run on every node, and the choice of one declaration per partial type.</summary>
internal static class DeclarationFilter
{
    /// <summary>An interface with a base list: only those can derive from IAddressable.</summary>
    public static bool IsCandidateInterface(SyntaxNode node) => node is InterfaceDeclarationSyntax { BaseList: not null };

    /// <summary>A class or record with a base list: only those can implement a grain interface (record structs are dropped by the semantic step).</summary>
    public static bool IsCandidateClass(SyntaxNode node)
        => node is ClassDeclarationSyntax { BaseList: not null }
           or RecordDeclarationSyntax { BaseList: not null };

    /// <summary>
    /// Whether <paramref name="node"/> is the first declaration of <paramref name="symbol"/> that has a base list,
    /// so a partial type declared in several places is handled once.
    /// </summary>
    public static bool IsPrimaryDeclaration(ISymbol symbol, TypeDeclarationSyntax node, CancellationToken cancellationToken)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax { BaseList: not null } declaration)
            {
                return declaration == node;
            }
        }

        return false;
    }

    /// <summary>Whether generated code in the same assembly can name <paramref name="type"/>.</summary>
    public static bool IsAccessible(INamedTypeSymbol type, Compilation compilation)
        => compilation.IsSymbolAccessibleWithin(type, compilation.Assembly);

    /// <summary>Whether <paramref name="type"/> or a type containing it has type parameters.</summary>
    public static bool IsGeneric(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.TypeParameters.Length > 0)
            {
                return true;
            }
        }

        return false;
    }
}
