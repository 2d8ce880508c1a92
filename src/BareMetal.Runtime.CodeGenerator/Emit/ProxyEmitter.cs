using System.Linq;
using BareMetal.Runtime.CodeGenerator.Analysis;
using BareMetal.Runtime.CodeGenerator.Model;
using static BareMetal.Runtime.CodeGenerator.Emit.GeneratedNames;

namespace BareMetal.Runtime.CodeGenerator.Emit;

/// <summary>Emits <c>Proxy_&lt;interface&gt;</c>: a GrainReference that implements the grain interface by sending requests.</summary>
internal static class ProxyEmitter
{
    public static void Write(CodeWriter writer, GrainInterfaceModel grainInterface)
    {
        var proxy = Proxy(grainInterface);
        var methodNames = grainInterface.Methods.Count == 0
            ? "global::System.Array.Empty<string>()"
            : "new string[] { " + string.Join(", ", grainInterface.Methods.Select(m => TypeNames.Literal(m.Name))) + " }";

        writer.Line(GeneratedCodeAttribute);
        writer.Open("internal sealed class " + proxy + " : " + Invocation + ".GrainReference, " + grainInterface.TypeName);
        writer.Line("internal static readonly " + Invocation + ".GrainInterfaceInfo Info =");
        writer.Line("    new(typeof(" + grainInterface.TypeName + "), " + TypeNames.Literal(grainInterface.WireName) + ", " + methodNames + ", CreateRequest);");
        writer.Line();
        writer.Line("public " + proxy + "(" + Invocation + ".IGrainCallRuntime runtime, global::BareMetal.Runtime.GrainId grainId)");
        writer.Line("    : base(runtime, grainId, Info) { }");
        writer.Line();
        WriteCreateRequest(writer, grainInterface);
        foreach (var method in grainInterface.Methods)
        {
            writer.Line();
            WriteMethod(writer, grainInterface, method);
        }

        writer.Close();
    }

    private static void WriteCreateRequest(CodeWriter writer, GrainInterfaceModel grainInterface)
    {
        const string Signature = "private static " + Invocation + ".RequestBase CreateRequest(int methodId)";
        if (grainInterface.Methods.Count == 0)
        {
            writer.Line(Signature + " => throw new " + ArgumentOutOfRange + "(nameof(methodId));");
            return;
        }

        writer.Line(Signature + " => methodId switch");
        writer.Open();
        foreach (var method in grainInterface.Methods)
        {
            writer.Line(TypeNames.Literal(method.Id) + " => new " + Request(grainInterface, method) + "(),");
        }

        writer.Line("_ => throw new " + ArgumentOutOfRange + "(nameof(methodId)),");
        writer.Close(";");
    }

    private static void WriteMethod(CodeWriter writer, GrainInterfaceModel grainInterface, GrainMethodModel method)
    {
        var parameters = string.Join(", ", method.Parameters.Select(p => p.Type + " " + p.Name));
        var local = LocalName(method);
        writer.Open(ReturnType(method) + " " + method.DeclaringInterface + "." + method.Identifier + "(" + parameters + ")");
        writer.Line("var " + local + " = new " + Request(grainInterface, method) + "();");
        foreach (var parameter in method.Parameters)
        {
            writer.Line(local + "." + parameter.FieldName + " = " + parameter.Name + ";");
        }

        if (method.IsOneWay)
        {
            writer.Line("base.InvokeOneWay(" + local + ");");
            writer.Line(method.ReturnKind == ReturnKind.Task
                ? "return " + Tasks + ".Task.CompletedTask;"
                : "return default(" + Tasks + ".ValueTask);");
        }
        else
        {
            var call = "base.InvokeAsync(" + local + ")";
            writer.Line(method.ReturnKind switch
            {
                ReturnKind.Task or ReturnKind.TaskOfT => "return " + call + ";",
                ReturnKind.ValueTask => "return new " + Tasks + ".ValueTask(" + call + ");",
                _ => "return new " + Tasks + ".ValueTask<" + method.ResultType + ">(" + call + ");",
            });
        }

        writer.Close();
    }

    /// <summary>"request", unless a parameter already has that name.</summary>
    private static string LocalName(GrainMethodModel method)
    {
        var name = "request";
        while (method.Parameters.Any(p => p.Name == name || p.Name == "@" + name))
        {
            name = "_" + name;
        }

        return name;
    }
}
