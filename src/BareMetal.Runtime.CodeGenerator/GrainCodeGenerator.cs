using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using BareMetal.Runtime.CodeGenerator.Analysis;
using BareMetal.Runtime.CodeGenerator.Emit;
using BareMetal.Runtime.CodeGenerator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace BareMetal.Runtime.CodeGenerator;

/// <summary>
/// Emits, for the grain interfaces declared in the compilation, proxies and request classes, and for
/// the grain classes, the assembly's manifest provider. See docs/design/generated-code.md.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GrainCodeGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps (for incremental-cache tests).</summary>
    public static class TrackingNames
    {
        /// <summary>Grain interface models and their diagnostics.</summary>
        public const string Interfaces = "GrainInterfaces";

        /// <summary>Grain class models and their diagnostics.</summary>
        public const string Classes = "GrainClasses";

        /// <summary>Everything the emitters need, combined.</summary>
        public const string Output = "GrainOutput";
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var interfaces = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => DeclarationFilter.IsCandidateInterface(node),
                static (syntax, cancellationToken) => GrainInterfaceParser.Parse(syntax, cancellationToken))
            .Where(static result => result is not null)
            .Select(static (result, _) => result!)
            .WithTrackingName(TrackingNames.Interfaces);

        var classes = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => DeclarationFilter.IsCandidateClass(node),
                static (syntax, cancellationToken) => GrainClassParser.Parse(syntax, cancellationToken))
            .Where(static result => result is not null)
            .Select(static (result, _) => result!)
            .WithTrackingName(TrackingNames.Classes);

        context.RegisterSourceOutput(interfaces.SelectMany(static (r, _) => r.Diagnostics.AsImmutableArray()), ReportDiagnostic);
        context.RegisterSourceOutput(classes.SelectMany(static (r, _) => r.Diagnostics.AsImmutableArray()), ReportDiagnostic);

        var assemblyName = context.CompilationProvider.Select(static (compilation, _) => compilation.AssemblyName ?? string.Empty);
        var output = interfaces
            .Select(static (r, _) => r.Model)
            .Where(static m => m is not null)
            .Collect()
            .Combine(classes.Select(static (r, _) => r.Model).Where(static m => m is not null).Collect())
            .Combine(assemblyName)
            .Select(static (input, _) => new GeneratorOutput(
                input.Right,
                EquatableArray<GrainInterfaceModel>.From(input.Left.Left!),
                EquatableArray<GrainClassModel>.From(input.Left.Right!)))
            .WithTrackingName(TrackingNames.Output);

        context.RegisterSourceOutput(output, static (production, input) => Emit(production, input));
    }

    private static void ReportDiagnostic(SourceProductionContext context, DiagnosticInfo diagnostic)
        => context.ReportDiagnostic(diagnostic.ToDiagnostic());

    private static void Emit(SourceProductionContext context, GeneratorOutput input)
    {
        if (input.Interfaces.Count == 0 && input.Classes.Count == 0)
        {
            return;
        }

        var ns = GeneratedNames.Namespace(input.AssemblyName);
        var interfaces = WithUniqueNames(input.Interfaces);
        foreach (var grainInterface in interfaces)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var writer = new CodeWriter();
            GeneratedNames.WriteHeader(writer);
            writer.Open("namespace " + ns);
            ProxyEmitter.Write(writer, grainInterface);
            foreach (var method in grainInterface.Methods)
            {
                writer.Line();
                RequestEmitter.Write(writer, grainInterface, method);
            }

            writer.Close();
            context.AddSource(GeneratedNames.Proxy(grainInterface) + ".g.cs", SourceText.From(writer.ToString(), System.Text.Encoding.UTF8));
        }

        var classes = input.Classes.OrderBy(static c => c.TypeName, StringComparer.Ordinal).ToList();
        context.AddSource(
            ManifestEmitter.ClassName + ".g.cs",
            SourceText.From(ManifestEmitter.Generate(ns, interfaces, classes), System.Text.Encoding.UTF8));
    }

    /// <summary>Orders interfaces by name and gives each a distinct mangled name (A.B_C and A_B.C both mangle to A_B_C).</summary>
    private static List<GrainInterfaceModel> WithUniqueNames(EquatableArray<GrainInterfaceModel> interfaces)
    {
        var result = new List<GrainInterfaceModel>(interfaces.Count);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var grainInterface in interfaces.GroupBy(static i => i.TypeName).Select(static g => g.First())
                     .OrderBy(static i => i.WireName, StringComparer.Ordinal))
        {
            var mangled = grainInterface.MangledName;
            for (var suffix = 2; !used.Add(mangled); suffix++)
            {
                mangled = grainInterface.MangledName + "_" + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            result.Add(grainInterface with { MangledName = mangled });
        }

        return result;
    }

    /// <summary>The combined input of the emit step, equatable so an unchanged model skips emission.</summary>
    private sealed record GeneratorOutput(
        string AssemblyName,
        EquatableArray<GrainInterfaceModel> Interfaces,
        EquatableArray<GrainClassModel> Classes);
}
