using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BareMetal.Runtime.CodeGenerator.Tests;

public class IncrementalCacheTests
{
    [Fact]
    public void Generator_UnrelatedEdit_ReusesTheCachedOutput()
    {
        var run = GeneratorHarness.Run(Samples.Rich);
        var edited = run.Input.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Acme { internal static class Unrelated { public static int Answer() => 42; } }",
            (CSharpParseOptions)run.Input.SyntaxTrees.First().Options));

        var result = run.Driver.RunGenerators(edited).GetRunResult().Results.Single();

        var reasons = result.TrackedSteps[GrainCodeGenerator.TrackingNames.Output]
            .SelectMany(step => step.Outputs)
            .Select(output => output.Reason)
            .ToList();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, reason => Assert.True(
            reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
            $"Output step ran again: {reason}"));
    }

    [Fact]
    public void Generator_MethodBodyEditInAGrainClass_LeavesTheInterfaceModelsUnchanged()
    {
        var run = GeneratorHarness.Run(Samples.Rich);
        var tree = run.Input.SyntaxTrees.Single();
        var newTree = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            Samples.Rich.Replace("Task.FromResult(_value += delta)", "Task.FromResult(_value += delta + 0)", StringComparison.Ordinal)));
        var edited = run.Input.ReplaceSyntaxTree(tree, newTree);

        var result = run.Driver.RunGenerators(edited).GetRunResult().Results.Single();

        var reasons = result.TrackedSteps[GrainCodeGenerator.TrackingNames.Interfaces]
            .SelectMany(step => step.Outputs)
            .Select(output => output.Reason)
            .ToList();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, reason => Assert.True(
            reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
            $"Interface step produced a changed model: {reason}"));
        Assert.All(
            result.TrackedSteps[GrainCodeGenerator.TrackingNames.Output].SelectMany(step => step.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
    }
}
