namespace BareMetal.Runtime.CodeGenerator.Tests;

public class ManifestTests
{
    private static string RichManifest() => GeneratorHarness.Run(Samples.Rich).Source("GrainManifest.g.cs")!;

    [Fact]
    public void Manifest_GrainClass_ListsEveryGrainInterfaceItImplements()
    {
        var manifest = RichManifest();

        Assert.Contains(
            "builder.AddGrainClass(typeof(global::Acme.DerivedCounterGrain), typeof(global::Acme.ICounterGrain), typeof(global::Acme.IInternalGrain));",
            manifest,
            StringComparison.Ordinal);
        Assert.Contains("builder.AddGrainClass(typeof(global::Acme.CounterGrain), typeof(global::Acme.ICounterGrain));", manifest, StringComparison.Ordinal);
        Assert.Contains("builder.AddGrainClass(typeof(global::Acme.Outer.NestedGrain), typeof(global::Acme.Outer.INestedGrain));", manifest, StringComparison.Ordinal);
        Assert.Contains("builder.AddGrainClass(typeof(global::Acme.PartialGrain), typeof(global::Acme.IPartialGrain));", manifest, StringComparison.Ordinal);
        Assert.Contains("builder.AddGrainClass(typeof(global::GlobalGrain), typeof(global::IGlobalGrain), typeof(global::IEmptyGrain));", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_AbstractGenericAndNonGrainClasses_AreNotListed()
    {
        var manifest = RichManifest();

        Assert.DoesNotContain("AbstractInternalGrain", manifest, StringComparison.Ordinal);
        Assert.DoesNotContain("GenericInternalGrain", manifest, StringComparison.Ordinal);
        Assert.DoesNotContain("NotAGrain", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_MarkerInterfaces_AreNeverListed()
    {
        var manifest = RichManifest();

        Assert.DoesNotContain("IGrainWithStringKey", manifest, StringComparison.Ordinal);
        Assert.DoesNotContain("typeof(global::BareMetal.Runtime.IGrain)", manifest, StringComparison.Ordinal);
        Assert.DoesNotContain("IAddressable", manifest, StringComparison.Ordinal);
        Assert.DoesNotContain("IDisposable", manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_EveryDeclaredInterface_IsRegisteredOnce()
    {
        var manifest = RichManifest();

        var registrations = manifest.Split('\n').Where(line => line.Contains("builder.AddInterface(", StringComparison.Ordinal)).ToList();
        Assert.Equal(7, registrations.Count);
        Assert.Single(registrations, line => line.Contains("Proxy_Acme_IPartialGrain.Info", StringComparison.Ordinal));
    }
}
