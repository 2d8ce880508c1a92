using System.Collections.Immutable;
using BareMetal.Runtime;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BareMetal.Runtime.CodeGenerator.Tests;

/// <summary>Compiles sample sources against the real Abstractions assembly and runs the generator over them.</summary>
internal static class GeneratorHarness
{
    public const string SamplePath = "Sample.cs";

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    /// <summary>The framework (from the trusted platform assemblies) plus BareMetal.Runtime.Abstractions.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    public static CSharpCompilation CreateCompilation(string source, string assemblyName, IEnumerable<MetadataReference>? extraReferences = null)
        => CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(source, ParseOptions, path: SamplePath)],
            References.AddRange(extraReferences ?? []),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorRun Run(string source, string assemblyName = "Acme.Grains", IEnumerable<MetadataReference>? extraReferences = null)
        => Run(CreateCompilation(source, assemblyName, extraReferences));

    public static GeneratorRun Run(Compilation compilation)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new GrainCodeGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun(compilation, output, diagnostics, driver);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        string[] excluded = ["Microsoft.CodeAnalysis", "xunit", "testhost", "Microsoft.TestPlatform", "Microsoft.VisualStudio", "BareMetal."];
        return
        [
            .. trusted
                .Where(path => !excluded.Any(prefix => Path.GetFileName(path).StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
                .Append(typeof(IAddressable).Assembly.Location)
                .Distinct(StringComparer.Ordinal)
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)),
        ];
    }
}

/// <summary>The outcome of one generator run.</summary>
internal sealed record GeneratorRun(Compilation Input, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorDriver Driver)
{
    public GeneratorDriverRunResult Result => Driver.GetRunResult();

    public ImmutableArray<GeneratedSourceResult> Sources => Result.Results.Single().GeneratedSources;

    /// <summary>The text of the generated file named <paramref name="hintName"/>, or null.</summary>
    public string? Source(string hintName)
        => Sources.Where(s => s.HintName == hintName).Select(s => s.SourceText.ToString()).SingleOrDefault();

    /// <summary>Errors of the compilation with the generated code, and warnings located in generated files.</summary>
    public IReadOnlyList<Diagnostic> Problems()
    {
        var generatedTrees = Sources.Select(s => s.SyntaxTree).ToHashSet();
        return
        [
            .. Output.GetDiagnostics().Where(d =>
                d.Severity == DiagnosticSeverity.Error
                || (d.Severity == DiagnosticSeverity.Warning && d.Location.SourceTree is { } tree && generatedTrees.Contains(tree))),
        ];
    }

    /// <summary>Formats diagnostics for assertion messages.</summary>
    public static string Describe(IEnumerable<Diagnostic> diagnostics) => string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));
}
