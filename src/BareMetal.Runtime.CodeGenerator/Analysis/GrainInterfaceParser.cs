using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using BareMetal.Runtime.CodeGenerator.Diagnostics;
using BareMetal.Runtime.CodeGenerator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BareMetal.Runtime.CodeGenerator.Analysis;

/// <summary>Turns a grain interface declaration into a <see cref="GrainInterfaceModel"/>, or into diagnostics.</summary>
internal static class GrainInterfaceParser
{
    /// <summary>The semantic step for an interface declaration; null when it is not a grain interface (or not its primary declaration).</summary>
    public static ParseResult<GrainInterfaceModel>? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var declaration = (InterfaceDeclarationSyntax)context.Node;
        if (context.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol symbol
            || !DeclarationFilter.IsPrimaryDeclaration(symbol, declaration, cancellationToken)
            || !GrainSymbols.IsGrainInterface(symbol))
        {
            return null;
        }

        var compilation = context.SemanticModel.Compilation;
        var diagnostics = new List<DiagnosticInfo>();
        var interfaceLocation = declaration.Identifier.GetLocation();
        if (DeclarationFilter.IsGeneric(symbol))
        {
            diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.GenericInterface, interfaceLocation, Display(symbol)));
            return new ParseResult<GrainInterfaceModel>(null, EquatableArray<DiagnosticInfo>.From(diagnostics));
        }

        if (!DeclarationFilter.IsAccessible(symbol, compilation))
        {
            diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.InaccessibleType, interfaceLocation, "interface", Display(symbol)));
            return new ParseResult<GrainInterfaceModel>(null, EquatableArray<DiagnosticInfo>.From(diagnostics));
        }

        var methods = new List<GrainMethodModel>();
        var valid = true;
        foreach (var declaringInterface in new[] { symbol }.Concat(symbol.AllInterfaces))
        {
            cancellationToken.ThrowIfCancellationRequested();

            // A grain base interface of this compilation reports its own problems; report everything else here.
            var reportsOwnProblems = !SymbolEqualityComparer.Default.Equals(declaringInterface, symbol)
                && GrainSymbols.IsGrainInterface(declaringInterface)
                && SymbolEqualityComparer.Default.Equals(declaringInterface.ContainingAssembly, symbol.ContainingAssembly);
            var sink = reportsOwnProblems ? new List<DiagnosticInfo>() : diagnostics;

            foreach (var member in declaringInterface.GetMembers())
            {
                var location = member.Locations.FirstOrDefault(l => l.IsInSource && l.SourceTree is not null
                    && compilation.ContainsSyntaxTree(l.SourceTree)) ?? interfaceLocation;
                var method = ParseMember(member, declaringInterface, methods.Count, compilation, location, sink);
                if (method is not null)
                {
                    methods.Add(method);
                }
            }

            valid &= sink.Count == 0;
        }

        var model = valid
            ? new GrainInterfaceModel(
                TypeNames.Signature(symbol),
                TypeNames.ClrFullName(symbol),
                TypeNames.Mangle(TypeNames.ClrFullName(symbol)),
                EquatableArray<GrainMethodModel>.From(methods))
            : null;
        return new ParseResult<GrainInterfaceModel>(model, EquatableArray<DiagnosticInfo>.From(diagnostics));
    }

    private static GrainMethodModel? ParseMember(
        ISymbol member,
        INamedTypeSymbol declaringInterface,
        int id,
        Compilation compilation,
        Location location,
        List<DiagnosticInfo> diagnostics)
    {
        switch (member)
        {
            case IMethodSymbol { MethodKind: MethodKind.Ordinary } method:
                if (method.ExplicitInterfaceImplementations.Length > 0 || (!method.IsAbstract && !method.IsVirtual))
                {
                    // Explicit overrides of base members and sealed, private or static helpers are not slots to implement.
                    return null;
                }

                if (method.IsStatic)
                {
                    diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.UnsupportedMember, location, Display(declaringInterface), "static method", method.Name));
                    return null;
                }

                return ParseMethod(method, declaringInterface, id, compilation, location, diagnostics);

            case IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator or MethodKind.Conversion } op when op.IsAbstract || op.IsVirtual:
                diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.UnsupportedMember, location, Display(declaringInterface), "operator", op.Name));
                return null;

            case IPropertySymbol property when property.ExplicitInterfaceImplementations.Length == 0 && IsSlot(property):
                diagnostics.Add(DiagnosticInfo.Create(
                    GrainDiagnostics.UnsupportedMember, location, Display(declaringInterface), property.IsIndexer ? "indexer" : "property", property.Name));
                return null;

            case IEventSymbol @event when @event.ExplicitInterfaceImplementations.Length == 0 && IsSlot(@event):
                diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.UnsupportedMember, location, Display(declaringInterface), "event", @event.Name));
                return null;

            default:
                // Accessors (reported with their property or event), nested types, constants, static fields and helpers.
                return null;
        }
    }

    private static bool IsSlot(ISymbol member) => !member.IsStatic || member.IsAbstract || member.IsVirtual;

    private static GrainMethodModel? ParseMethod(
        IMethodSymbol method,
        INamedTypeSymbol declaringInterface,
        int id,
        Compilation compilation,
        Location location,
        List<DiagnosticInfo> diagnostics)
    {
        var errorsBefore = diagnostics.Count;
        var methodDisplay = Display(declaringInterface) + "." + method.Name;

        if (method.IsGenericMethod)
        {
            diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.GenericMethod, location, methodDisplay));
        }

        var returnKind = method.ReturnsByRef || method.ReturnsByRefReadonly ? null : GrainSymbols.GetReturnKind(method.ReturnType);
        if (returnKind is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.InvalidReturnType, location, methodDisplay, method.ReturnType.ToDisplayString()));
        }

        var parameters = new List<GrainParameterModel>();
        var cancellationTokens = 0;
        foreach (var parameter in method.Parameters)
        {
            var problem = DescribeParameterProblem(parameter);
            if (problem is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.InvalidParameter, location, parameter.Name, methodDisplay, problem));
                continue;
            }

            var isCancellationToken = GrainSymbols.IsCancellationToken(parameter.Type);
            if (isCancellationToken)
            {
                cancellationTokens++;
            }

            parameters.Add(new GrainParameterModel(
                TypeNames.Identifier(parameter.Name),
                TypeNames.Signature(parameter.Type),
                TypeNames.Runtime(parameter.Type, compilation),
                isCancellationToken ? -1 : parameters.Count(p => !p.IsCancellationToken),
                parameter.Type.IsValueType,
                parameter.GetAttributes().Any(a => GrainSymbols.IsImmutableAttribute(a.AttributeClass))));
        }

        if (cancellationTokens > 1)
        {
            diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.MultipleCancellationTokens, location, methodDisplay));
        }

        var isOneWay = false;
        var isAlwaysInterleave = false;
        var isReadOnly = false;
        long? timeoutTicks = null;
        foreach (var attribute in method.GetAttributes())
        {
            var attributeClass = attribute.AttributeClass;
            if (GrainSymbols.IsOneWayAttribute(attributeClass))
            {
                isOneWay = true;
            }
            else if (GrainSymbols.IsAlwaysInterleaveAttribute(attributeClass))
            {
                isAlwaysInterleave = true;
            }
            else if (GrainSymbols.IsReadOnlyAttribute(attributeClass))
            {
                isReadOnly = true;
            }
            else if (GrainSymbols.IsResponseTimeoutAttribute(attributeClass))
            {
                var text = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
                if (text is not null && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var timeout) && timeout > TimeSpan.Zero)
                {
                    timeoutTicks = timeout.Ticks;
                }
                else
                {
                    diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.InvalidResponseTimeout, location, methodDisplay, text ?? "null"));
                }
            }
        }

        string? resultType = null;
        if (returnKind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT)
        {
            resultType = TypeNames.Signature(((INamedTypeSymbol)method.ReturnType).TypeArguments[0]);
            if (isOneWay)
            {
                diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.OneWayWithResult, location, methodDisplay, method.ReturnType.ToDisplayString()));
            }
        }

        if (diagnostics.Count > errorsBefore || returnKind is null)
        {
            return null;
        }

        return new GrainMethodModel(
            id,
            method.Name,
            TypeNames.Identifier(method.Name),
            TypeNames.Signature(declaringInterface),
            returnKind.Value,
            resultType,
            EquatableArray<GrainParameterModel>.From(parameters),
            isOneWay,
            isAlwaysInterleave,
            isReadOnly,
            timeoutTicks);
    }

    private static string? DescribeParameterProblem(IParameterSymbol parameter)
    {
        var refKind = parameter.RefKind switch
        {
            RefKind.Ref => "ref",
            RefKind.Out => "out",
            RefKind.In => "in",
            RefKind.None => null,
            _ => "ref readonly",
        };
        if (refKind is not null)
        {
            return "is declared '" + refKind + "'";
        }

        return parameter.Type switch
        {
            { IsRefLikeType: true } => "has the by-ref-like type '" + parameter.Type.ToDisplayString() + "'",
            IPointerTypeSymbol or IFunctionPointerTypeSymbol => "has the pointer type '" + parameter.Type.ToDisplayString() + "'",
            _ => null,
        };
    }

    private static string Display(INamedTypeSymbol type) => type.ToDisplayString();
}
