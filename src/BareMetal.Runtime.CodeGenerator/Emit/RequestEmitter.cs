using System.Collections.Generic;
using System.Linq;
using BareMetal.Runtime.CodeGenerator.Analysis;
using BareMetal.Runtime.CodeGenerator.Model;
using static BareMetal.Runtime.CodeGenerator.Emit.GeneratedNames;

namespace BareMetal.Runtime.CodeGenerator.Emit;

/// <summary>
/// Emits <c>Request_&lt;interface&gt;_&lt;method&gt;_&lt;id&gt;</c>: the arguments of one call held in typed fields,
/// and the typed call of the grain method. No boxing and no reflection on the call path.
/// </summary>
internal static class RequestEmitter
{
    public static void Write(CodeWriter writer, GrainInterfaceModel grainInterface, GrainMethodModel method)
    {
        var baseType = method.HasResult ? Invocation + ".Request<" + method.ResultType + ">" : Invocation + ".Request";
        var arguments = method.Parameters.Where(p => !p.IsCancellationToken).ToList();

        writer.Line(GeneratedCodeAttribute);
        writer.Open("internal sealed class " + Request(grainInterface, method) + " : " + baseType);
        foreach (var parameter in method.Parameters)
        {
            writer.Line("public " + parameter.Type + " " + parameter.FieldName + (parameter.IsValueType ? ";" : " = default!;"));
        }

        writer.Line("public override " + Invocation + ".GrainInterfaceInfo Interface => " + Proxy(grainInterface) + ".Info;");
        writer.Line("public override int MethodId => " + TypeNames.Literal(method.Id) + ";");
        writer.Line("public override string MethodName => " + TypeNames.Literal(method.Name) + ";");

        var options = Options(method);
        if (options.Count > 0)
        {
            writer.Line("public override " + Invocation + ".InvokeMethodOptions Options => " + string.Join(" | ", options) + ";");
        }

        if (method.ResponseTimeoutTicks is { } ticks)
        {
            writer.Line("public override global::System.TimeSpan? ResponseTimeout => global::System.TimeSpan.FromTicks(" + TypeNames.Literal(ticks) + ");");
        }

        if (arguments.Count > 0)
        {
            WriteArgumentAccessors(writer, arguments);
        }

        if (method.IsCancellable)
        {
            writer.Line("public override " + CancellationToken + " GetCancellationToken() => CancellationToken;");
            writer.Line("public override void SetCancellationToken(" + CancellationToken + " cancellationToken) { CancellationToken = cancellationToken; }");
        }

        WriteInvokeInner(writer, method);
        writer.Close();
    }

    private static List<string> Options(GrainMethodModel method)
    {
        var options = new List<string>();
        const string Enum = Invocation + ".InvokeMethodOptions.";
        if (method.IsOneWay)
        {
            options.Add(Enum + "OneWay");
        }

        if (method.IsAlwaysInterleave)
        {
            options.Add(Enum + "AlwaysInterleave");
        }

        if (method.IsReadOnly)
        {
            options.Add(Enum + "ReadOnly");
        }

        if (method.IsCancellable)
        {
            options.Add(Enum + "Cancellable");
        }

        return options;
    }

    private static void WriteArgumentAccessors(CodeWriter writer, List<GrainParameterModel> arguments)
    {
        const string OutOfRange = "throw new " + ArgumentOutOfRange + "(nameof(index))";
        writer.Line("public override int ArgumentCount => " + TypeNames.Literal(arguments.Count) + ";");

        writer.Line("public override object? GetArgument(int index) => index switch { "
            + string.Concat(arguments.Select(a => TypeNames.Literal(a.ArgumentIndex) + " => " + a.FieldName + ", "))
            + "_ => " + OutOfRange + " };");

        writer.Line("public override void SetArgument(int index, object? value) { switch (index) { "
            + string.Concat(arguments.Select(a => "case " + TypeNames.Literal(a.ArgumentIndex) + ": " + a.FieldName + " = (" + a.Type + ")value!; break; "))
            + "default: " + OutOfRange + "; } }");

        writer.Line("public override global::System.Type GetArgumentType(int index) => index switch { "
            + string.Concat(arguments.Select(a => TypeNames.Literal(a.ArgumentIndex) + " => typeof(" + a.RuntimeType + "), "))
            + "_ => " + OutOfRange + " };");

        var copied = arguments.Where(a => !a.IsImmutable).ToList();
        if (copied.Count > 0)
        {
            writer.Line("public override void CopyArguments(global::BareMetal.Runtime.Serialization.IDeepCopier copier) { "
                + string.Concat(copied.Select(a => a.FieldName + " = copier.Copy(" + Static(a) + "); "))
                + "}");
        }
    }

    private static void WriteInvokeInner(CodeWriter writer, GrainMethodModel method)
    {
        var call = "((" + method.DeclaringInterface + ")grain)." + method.Identifier
            + "(" + string.Join(", ", method.Parameters.Select(Static)) + ")";
        var returnType = method.HasResult ? Tasks + ".ValueTask<" + method.ResultType + ">" : Tasks + ".ValueTask";
        var body = method.ReturnKind is ReturnKind.Task or ReturnKind.TaskOfT ? "new(" + call + ")" : call;
        writer.Line("protected override " + returnType + " InvokeInner(object grain) => " + body + ";");
    }

    /// <summary>
    /// The field as a call argument. A <c>dynamic</c> argument would make the whole call dynamically bound
    /// (reflection at run time), so it is passed as <c>object</c>, which binds statically to the same parameter.
    /// </summary>
    private static string Static(GrainParameterModel parameter) => parameter.Type switch
    {
        "dynamic" => "(object)" + parameter.FieldName,
        "dynamic?" => "(object?)" + parameter.FieldName,
        _ => parameter.FieldName,
    };
}
