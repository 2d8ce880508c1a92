namespace BareMetal.Runtime.CodeGenerator.Model;

/// <summary>One parameter of a grain method.</summary>
/// <param name="Name">The parameter name as a C# identifier (keywords escaped, e.g. <c>@event</c>).</param>
/// <param name="Type">The declared type, fully qualified, with its nullable annotations (for signatures and fields).</param>
/// <param name="RuntimeType">The type as written in <c>typeof(...)</c>: no nullable reference annotations, no <c>dynamic</c>.</param>
/// <param name="ArgumentIndex">The argument index (field <c>Arg{n}</c>), or -1 for the cancellation token.</param>
/// <param name="IsValueType">Whether the type is a value type (reference-type fields get a <c>default!</c> initializer).</param>
/// <param name="IsImmutable">Whether the parameter is marked <c>[Immutable]</c> (then it is not deep-copied).</param>
internal sealed record GrainParameterModel(
    string Name,
    string Type,
    string RuntimeType,
    int ArgumentIndex,
    bool IsValueType,
    bool IsImmutable)
{
    /// <summary>Whether this is the method's cancellation token rather than an argument.</summary>
    public bool IsCancellationToken => ArgumentIndex < 0;

    /// <summary>The request field holding this parameter.</summary>
    public string FieldName => IsCancellationToken ? "CancellationToken" : "Arg" + ArgumentIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
