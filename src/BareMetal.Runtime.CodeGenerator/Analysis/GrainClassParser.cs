using System.Collections.Generic;
using System.Threading;
using BareMetal.Runtime.CodeGenerator.Diagnostics;
using BareMetal.Runtime.CodeGenerator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BareMetal.Runtime.CodeGenerator.Analysis;

/// <summary>Turns a class declaration into a <see cref="GrainClassModel"/> when it is a concrete grain class.</summary>
internal static class GrainClassParser
{
    /// <summary>The semantic step for a class declaration; null when it is not a non-abstract, non-generic grain class.</summary>
    public static ParseResult<GrainClassModel>? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var declaration = (TypeDeclarationSyntax)context.Node;
        if (context.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol symbol
            || symbol.TypeKind != TypeKind.Class
            || symbol.IsAbstract
            || symbol.IsStatic
            || DeclarationFilter.IsGeneric(symbol)
            || !DeclarationFilter.IsPrimaryDeclaration(symbol, declaration, cancellationToken))
        {
            return null;
        }

        var compilation = context.SemanticModel.Compilation;
        var interfaces = new List<string>();
        foreach (var implemented in symbol.AllInterfaces)
        {
            if (GrainSymbols.IsGrainInterface(implemented) && !DeclarationFilter.IsGeneric(implemented))
            {
                interfaces.Add(TypeNames.Runtime(implemented, compilation));
            }
        }

        if (interfaces.Count == 0)
        {
            return null;
        }

        if (!DeclarationFilter.IsAccessible(symbol, compilation))
        {
            var diagnostic = DiagnosticInfo.Create(
                GrainDiagnostics.InaccessibleType, declaration.Identifier.GetLocation(), "class", symbol.ToDisplayString());
            return new ParseResult<GrainClassModel>(null, new EquatableArray<DiagnosticInfo>([diagnostic]));
        }

        return new ParseResult<GrainClassModel>(
            new GrainClassModel(TypeNames.Runtime(symbol, compilation), EquatableArray<string>.From(interfaces)),
            EquatableArray<DiagnosticInfo>.Empty);
    }
}
