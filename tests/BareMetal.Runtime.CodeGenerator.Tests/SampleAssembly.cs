using System.Reflection;
using System.Runtime.Loader;

namespace BareMetal.Runtime.CodeGenerator.Tests;

/// <summary>The rich sample with its generated code, compiled and loaded into a collectible load context.</summary>
internal sealed class SampleAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context;

    private SampleAssembly(AssemblyLoadContext context, Assembly assembly)
    {
        _context = context;
        Assembly = assembly;
    }

    public Assembly Assembly { get; }

    public static SampleAssembly Load(string source = Samples.Rich)
    {
        var run = GeneratorHarness.Run(source);
        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, GeneratorRun.Describe(emitted.Diagnostics));
        image.Position = 0;

        // No Load override: BareMetal.Runtime.Abstractions resolves to the copy the tests use, so types match.
        var context = new AssemblyLoadContext("generated-sample", isCollectible: true);
        return new SampleAssembly(context, context.LoadFromStream(image));
    }

    public Type Type(string name) => Assembly.GetType(name, throwOnError: true)!;

    public object CreateInstance(string typeName) => Activator.CreateInstance(Type(typeName))!;

    public void Dispose() => _context.Unload();
}
