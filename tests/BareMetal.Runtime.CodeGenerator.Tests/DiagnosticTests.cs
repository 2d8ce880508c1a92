using BareMetal.Runtime.CodeGenerator.Diagnostics;
using Microsoft.CodeAnalysis;

namespace BareMetal.Runtime.CodeGenerator.Tests;

public class DiagnosticTests
{
    [Theory]
    [InlineData("int Bad();", "BMGEN001", "Bad")]
    [InlineData("IAsyncEnumerable<int> Bad();", "BMGEN001", "Bad")]
    [InlineData("void Bad();", "BMGEN001", "Bad")]
    [InlineData("Task Bad(ref int value);", "BMGEN002", "Bad")]
    [InlineData("Task Bad(out int value);", "BMGEN002", "Bad")]
    [InlineData("Task Bad(in int value);", "BMGEN002", "Bad")]
    [InlineData("Task Bad(Span<int> value);", "BMGEN002", "Bad")]
    [InlineData("int Bad { get; }", "BMGEN003", "Bad")]
    [InlineData("event EventHandler Bad;", "BMGEN003", "Bad")]
    [InlineData("int this[int index] { get; }", "BMGEN003", "this")]
    [InlineData("static abstract Task Bad();", "BMGEN003", "Bad")]
    [InlineData("Task Bad<T>(T value);", "BMGEN004", "Bad")]
    [InlineData("Task Bad(CancellationToken first, CancellationToken second);", "BMGEN006", "Bad")]
    [InlineData("[OneWay] Task<int> Bad();", "BMGEN007", "Bad")]
    [InlineData("[OneWay] ValueTask<int> Bad();", "BMGEN007", "Bad")]
    [InlineData("[ResponseTimeout(\"soon\")] Task Bad();", "BMGEN008", "Bad")]
    [InlineData("[ResponseTimeout(\"-00:00:01\")] Task Bad();", "BMGEN008", "Bad")]
    public void Diagnostic_InvalidMember_IsReportedAtTheMember(string member, string expectedId, string expectedLocationText)
    {
        var source = Samples.InterfaceWithMember(member);

        var run = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(expectedId, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        AssertLocatedAt(diagnostic, source, member, expectedLocationText);
    }

    [Fact]
    public void Diagnostic_GenericGrainInterface_IsReportedAtTheInterface()
    {
        const string source = """
            using System.Threading.Tasks;
            using BareMetal.Runtime;
            namespace Acme
            {
                public interface IBoxGrain<T> : IGrainWithStringKey { Task<T> Get(); }
            }
            """;

        var run = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(GrainDiagnostics.GenericInterface.Id, diagnostic.Id);
        AssertLocatedAt(diagnostic, source, "IBoxGrain<T>", "IBoxGrain");
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Diagnostic_InterfaceNestedInGenericClass_IsReportedAsGeneric()
    {
        const string source = """
            using System.Threading.Tasks;
            using BareMetal.Runtime;
            public static class Holder<T>
            {
                public interface IInnerGrain : IGrainWithStringKey { Task Get(); }
            }
            """;

        var run = GeneratorHarness.Run(source);

        Assert.Equal(GrainDiagnostics.GenericInterface.Id, Assert.Single(run.GeneratorDiagnostics).Id);
    }

    [Fact]
    public void Diagnostic_PrivateNestedInterfaceAndClass_AreReportedAsInaccessible()
    {
        const string source = """
            using System.Threading.Tasks;
            using BareMetal.Runtime;
            public class Holder
            {
                private interface IHiddenGrain : IGrainWithStringKey { Task Get(); }
                private sealed class HiddenGrain : IHiddenGrain { public Task Get() => Task.CompletedTask; }
            }
            """;

        var run = GeneratorHarness.Run(source);

        Assert.Equal(2, run.GeneratorDiagnostics.Length);
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal(GrainDiagnostics.InaccessibleType.Id, d.Id));
        Assert.Contains(run.GeneratorDiagnostics, d => AtText(d, source) == "IHiddenGrain");
        Assert.Contains(run.GeneratorDiagnostics, d => AtText(d, source) == "HiddenGrain");
    }

    [Fact]
    public void Diagnostic_InvalidMemberOfNonGrainBaseInterface_IsReportedAtThatMember()
    {
        const string source = """
            using System.Threading.Tasks;
            using BareMetal.Runtime;
            namespace Acme
            {
                public interface INamed { string Name { get; } }
                public interface INamedGrain : IGrainWithStringKey, INamed { Task Rename(string name); }
            }
            """;

        var run = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(GrainDiagnostics.UnsupportedMember.Id, diagnostic.Id);
        AssertLocatedAt(diagnostic, source, "string Name", "Name");
    }

    [Fact]
    public void Diagnostic_InvalidMemberOfGrainBaseInterface_IsReportedOnlyOnce()
    {
        const string source = """
            using System.Threading.Tasks;
            using BareMetal.Runtime;
            namespace Acme
            {
                public interface IBaseGrain : IGrainWithStringKey { int Bad(); }
                public interface IDerivedGrain : IBaseGrain { Task Fine(); }
            }
            """;

        var run = GeneratorHarness.Run(source);

        Assert.Equal(GrainDiagnostics.InvalidReturnType.Id, Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Empty(run.Sources.Where(s => s.HintName.StartsWith("Proxy_", StringComparison.Ordinal)));
    }

    [Fact]
    public void Diagnostic_ValidSample_ReportsNothing()
    {
        var run = GeneratorHarness.Run(Samples.InterfaceWithMember("Task<int> AlsoFine(int value, CancellationToken cancellationToken);"));

        Assert.Empty(run.GeneratorDiagnostics);
    }

    private static void AssertLocatedAt(Diagnostic diagnostic, string source, string anchor, string expectedText)
    {
        Assert.Equal(GeneratorHarness.SamplePath, diagnostic.Location.GetLineSpan().Path);
        var span = diagnostic.Location.SourceSpan;
        Assert.Equal(expectedText, source.Substring(span.Start, span.Length));
        var anchorStart = source.IndexOf(anchor, StringComparison.Ordinal);
        Assert.InRange(span.Start, anchorStart, anchorStart + anchor.Length);
    }

    private static string AtText(Diagnostic diagnostic, string source)
        => source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);
}
