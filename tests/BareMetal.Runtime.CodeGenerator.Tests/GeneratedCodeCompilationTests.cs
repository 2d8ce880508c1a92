using BareMetal.Runtime.CodeGenerator.Diagnostics;

namespace BareMetal.Runtime.CodeGenerator.Tests;

public class GeneratedCodeCompilationTests
{
    [Fact]
    public void Generator_RichSample_CompilesWithoutErrorsOrWarnings()
    {
        var run = GeneratorHarness.Run(Samples.Rich);

        Assert.Empty(run.GeneratorDiagnostics);
        var problems = run.Problems();
        Assert.True(problems.Count == 0, GeneratorRun.Describe(problems));
    }

    [Fact]
    public void Generator_RichSample_EmitsOneProxyPerInterfaceDeclaredInTheCompilation()
    {
        var run = GeneratorHarness.Run(Samples.Rich);

        var hintNames = run.Sources.Select(s => s.HintName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            [
                "GrainManifest.g.cs",
                "Proxy_Acme_IAdvancedCounterGrain.g.cs",
                "Proxy_Acme_ICounterGrain.g.cs",
                "Proxy_Acme_IInternalGrain.g.cs",
                "Proxy_Acme_IPartialGrain.g.cs",
                "Proxy_Acme_Outer_INestedGrain.g.cs",
                "Proxy_IEmptyGrain.g.cs",
                "Proxy_IGlobalGrain.g.cs",
            ],
            hintNames);
    }

    [Fact]
    public void Generator_CounterSample_MatchesTheDocumentedShape()
    {
        const string source = """
            using System.Threading.Tasks;
            using BareMetal.Runtime;
            namespace Acme
            {
                public interface ICounterGrain : IGrainWithStringKey { Task<int> Add(int delta); }
                public sealed class CounterGrain : ICounterGrain { public Task<int> Add(int delta) => Task.FromResult(delta); }
            }
            """;

        var run = GeneratorHarness.Run(source);

        var proxy = run.Source("Proxy_Acme_ICounterGrain.g.cs")!;
        var manifest = run.Source("GrainManifest.g.cs")!;
        Assert.Contains("namespace BareMetal.Generated.Acme_Grains", proxy, StringComparison.Ordinal);
        Assert.Contains(
            "internal sealed class Proxy_Acme_ICounterGrain : global::BareMetal.Runtime.Invocation.GrainReference, global::Acme.ICounterGrain",
            proxy,
            StringComparison.Ordinal);
        Assert.Contains("new(typeof(global::Acme.ICounterGrain), \"Acme.ICounterGrain\", new string[] { \"Add\" }, CreateRequest);", proxy, StringComparison.Ordinal);
        Assert.Contains("global::System.Threading.Tasks.Task<int> global::Acme.ICounterGrain.Add(int delta)", proxy, StringComparison.Ordinal);
        Assert.Contains("return base.InvokeAsync(request);", proxy, StringComparison.Ordinal);
        Assert.Contains(
            "internal sealed class Request_Acme_ICounterGrain_Add_0 : global::BareMetal.Runtime.Invocation.Request<int>",
            proxy,
            StringComparison.Ordinal);
        Assert.Contains("public override void CopyArguments(global::BareMetal.Runtime.Serialization.IDeepCopier copier) { Arg0 = copier.Copy(Arg0); }", proxy, StringComparison.Ordinal);
        Assert.Contains(
            "protected override global::System.Threading.Tasks.ValueTask<int> InvokeInner(object grain) => new(((global::Acme.ICounterGrain)grain).Add(Arg0));",
            proxy,
            StringComparison.Ordinal);
        Assert.Contains(
            "[assembly: global::BareMetal.Runtime.Manifest.GrainManifestProvider(typeof(global::BareMetal.Generated.Acme_Grains.GrainManifest))]",
            manifest,
            StringComparison.Ordinal);
        Assert.Contains(
            "builder.AddInterface(Proxy_Acme_ICounterGrain.Info, static (runtime, id) => new Proxy_Acme_ICounterGrain(runtime, id));",
            manifest,
            StringComparison.Ordinal);
        Assert.Contains("builder.AddGrainClass(typeof(global::Acme.CounterGrain), typeof(global::Acme.ICounterGrain));", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_DerivedInterface_ImplementsInheritedMethodsQualifiedWithTheirDeclaringInterface()
    {
        var run = GeneratorHarness.Run(Samples.Rich);

        var proxy = run.Source("Proxy_Acme_IAdvancedCounterGrain.g.cs")!;
        Assert.Contains("global::System.Threading.Tasks.Task<int> global::Acme.IAdvancedCounterGrain.Add(int delta)", proxy, StringComparison.Ordinal);
        Assert.Contains("global::System.Threading.Tasks.Task<int> global::Acme.ICounterGrain.Add(int delta)", proxy, StringComparison.Ordinal);
        Assert.Contains("global::System.Threading.Tasks.Task global::Acme.ICounterGrain.Reset()", proxy, StringComparison.Ordinal);
        Assert.Contains("global::System.Threading.Tasks.Task<string> global::Acme.ILabelled.GetLabel()", proxy, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_KeywordAndNullableSignatures_AreKeptAsDeclared()
    {
        var run = GeneratorHarness.Run(Samples.Rich);

        var proxy = run.Source("Proxy_Acme_ICounterGrain.g.cs")!;
        Assert.Contains("global::Acme.ICounterGrain.Keywords(int @event, string @class, object? @params)", proxy, StringComparison.Ordinal);
        Assert.Contains("global::Acme.ICounterGrain.@checked(int @in)", proxy, StringComparison.Ordinal);
        Assert.Contains(
            "global::System.Threading.Tasks.ValueTask<string?> global::Acme.ICounterGrain.Describe(string? prefix, global::System.Threading.CancellationToken cancellationToken)",
            proxy,
            StringComparison.Ordinal);
        Assert.Contains("typeof(global::System.Collections.Generic.Dictionary<string, int?>)", proxy, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_ParameterNamedRequest_UsesAnotherLocalName()
    {
        var run = GeneratorHarness.Run(Samples.Rich);

        var proxy = run.Source("Proxy_Acme_ICounterGrain.g.cs")!;
        Assert.Contains("_request.Arg0 = request;", proxy, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_ImmutableParameter_IsNotDeepCopied()
    {
        var run = GeneratorHarness.Run(Samples.Rich);

        var proxy = run.Source("Proxy_Acme_IAdvancedCounterGrain.g.cs")!;
        var sumRequest = proxy[proxy.IndexOf("class Request_Acme_IAdvancedCounterGrain_Sum_", StringComparison.Ordinal)..];
        var copyLine = sumRequest.Split('\n').First(line => line.Contains("CopyArguments", StringComparison.Ordinal));
        Assert.Contains("{ Arg0 = copier.Copy(Arg0); Arg1 = copier.Copy(Arg1); }", copyLine, StringComparison.Ordinal);
        Assert.DoesNotContain("Arg2", copyLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Generator_DynamicParameters_BindStaticallyWithoutTheRuntimeBinder()
    {
        const string source = """
            #nullable enable
            using System.Collections.Generic;
            using System.Threading.Tasks;
            public interface IDynamicGrain : BareMetal.Runtime.IGrainWithStringKey
            {
                Task<dynamic> Call(dynamic value, dynamic? maybe, List<dynamic> values);
            }
            """;
        var withoutBinder = GeneratorHarness.References
            .Where(r => !string.Equals(Path.GetFileName(r.Display), "Microsoft.CSharp.dll", StringComparison.OrdinalIgnoreCase));
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "Dynamic.Grains",
            GeneratorHarness.CreateCompilation(source, "Dynamic.Grains").SyntaxTrees,
            withoutBinder,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(
                Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: Microsoft.CodeAnalysis.NullableContextOptions.Enable));

        var run = GeneratorHarness.Run(compilation);

        // A dynamically bound call needs Microsoft.CSharp's binder; the compiler reports its absence when emitting.
        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, GeneratorRun.Describe(emitted.Diagnostics));
    }

    [Fact]
    public void Generator_CompilationWithoutGrains_EmitsNothing()
    {
        var run = GeneratorHarness.Run("namespace Acme { public sealed class Plain : System.IDisposable { public void Dispose() { } } }");

        Assert.Empty(run.Sources);
        Assert.Empty(run.GeneratorDiagnostics);
    }

    [Fact]
    public void Generator_InvalidInterface_SkipsItsProxyAndStillGeneratesTheOthers()
    {
        var run = GeneratorHarness.Run(Samples.InterfaceWithMember("int Bad();"));

        Assert.Equal(GrainDiagnostics.InvalidReturnType.Id, Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Null(run.Source("Proxy_Acme_IBadGrain.g.cs"));
        Assert.NotNull(run.Source("Proxy_Acme_IGoodGrain.g.cs"));
        var errors = run.Problems().Where(d => d.Location.SourceTree?.FilePath != GeneratorHarness.SamplePath).ToList();
        Assert.True(errors.Count == 0, GeneratorRun.Describe(errors));
    }

    [Fact]
    public void Generator_InterfaceFromReferencedAssembly_ListsTheClassWithoutEmittingAProxy()
    {
        const string contracts = """
            using System.Threading.Tasks;
            using BareMetal.Runtime;
            namespace Acme.Contracts
            {
                public interface IRemoteGrain : IGrainWithStringKey { Task<string> Hello(string name); }
            }
            """;
        const string silo = """
            using System.Threading.Tasks;
            namespace Acme.Silo
            {
                public sealed class RemoteGrain : Acme.Contracts.IRemoteGrain
                {
                    public Task<string> Hello(string name) => Task.FromResult("hello " + name);
                }
            }
            """;
        var contractsRun = GeneratorHarness.Run(contracts, "Acme.Contracts");
        using var image = new MemoryStream();
        Assert.True(contractsRun.Output.Emit(image).Success);

        var run = GeneratorHarness.Run(silo, "Acme.Silo", [Microsoft.CodeAnalysis.MetadataReference.CreateFromImage(image.ToArray())]);

        Assert.Equal(["GrainManifest.g.cs"], run.Sources.Select(s => s.HintName));
        var manifest = run.Source("GrainManifest.g.cs")!;
        Assert.Contains("builder.AddGrainClass(typeof(global::Acme.Silo.RemoteGrain), typeof(global::Acme.Contracts.IRemoteGrain));", manifest, StringComparison.Ordinal);
        Assert.DoesNotContain("AddInterface", manifest, StringComparison.Ordinal);
        var problems = run.Problems();
        Assert.True(problems.Count == 0, GeneratorRun.Describe(problems));
    }

    [Fact]
    public void Generator_AssemblyNameWithSymbols_IsSanitizedIntoTheNamespace()
    {
        const string source = """
            using System.Threading.Tasks;
            public interface IPingGrain : BareMetal.Runtime.IGrainWithStringKey { Task Ping(); }
            """;

        var run = GeneratorHarness.Run(source, "3rd-party.Grains v2");

        Assert.Contains("namespace BareMetal.Generated._3rd_party_Grains_v2", run.Source("GrainManifest.g.cs")!, StringComparison.Ordinal);
        var problems = run.Problems();
        Assert.True(problems.Count == 0, GeneratorRun.Describe(problems));
    }
}
