using System.Collections.Generic;
using BareMetal.Runtime.CodeGenerator.Model;
using static BareMetal.Runtime.CodeGenerator.Emit.GeneratedNames;

namespace BareMetal.Runtime.CodeGenerator.Emit;

/// <summary>
/// Emits the assembly's <c>GrainManifest</c> (an IGrainManifestProvider registering every proxy and grain class)
/// and the assembly attribute that points the runtime at it.
/// </summary>
internal static class ManifestEmitter
{
    public const string ClassName = "GrainManifest";

    public static string Generate(string ns, IReadOnlyList<GrainInterfaceModel> interfaces, IReadOnlyList<GrainClassModel> classes)
    {
        var writer = new CodeWriter();
        WriteHeader(writer);
        writer.Line("[assembly: " + Manifest + ".GrainManifestProvider(typeof(global::" + ns + "." + ClassName + "))]");
        writer.Line();
        writer.Open("namespace " + ns);
        writer.Line(GeneratedCodeAttribute);
        writer.Open("internal sealed class " + ClassName + " : " + Manifest + ".IGrainManifestProvider");
        writer.Open("public void Populate(" + Manifest + ".GrainManifestBuilder builder)");
        foreach (var grainInterface in interfaces)
        {
            var proxy = Proxy(grainInterface);
            writer.Line("builder.AddInterface(" + proxy + ".Info, static (runtime, id) => new " + proxy + "(runtime, id));");
        }

        foreach (var grainClass in classes)
        {
            var types = "typeof(" + grainClass.TypeName + ")";
            foreach (var grainInterface in grainClass.Interfaces)
            {
                types += ", typeof(" + grainInterface + ")";
            }

            writer.Line("builder.AddGrainClass(" + types + ");");
        }

        writer.Close();
        writer.Close();
        writer.Close();
        return writer.ToString();
    }
}
