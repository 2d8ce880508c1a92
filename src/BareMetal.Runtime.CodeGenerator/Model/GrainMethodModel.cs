namespace BareMetal.Runtime.CodeGenerator.Model;

/// <summary>One method of a grain interface, own or inherited, as the emitters need it.</summary>
/// <param name="Id">The method id within the proxied interface.</param>
/// <param name="Name">The method name as declared (used in <c>MethodName</c> and in generated type names).</param>
/// <param name="Identifier">The method name as a C# identifier (keywords escaped).</param>
/// <param name="DeclaringInterface">The fully qualified interface that declares the method.</param>
/// <param name="ReturnKind">Which awaitable the method returns.</param>
/// <param name="ResultType">The fully qualified result type with nullable annotations, or null for Task / ValueTask.</param>
/// <param name="Parameters">The parameters in declaration order, the cancellation token included.</param>
/// <param name="IsOneWay">Marked <c>[OneWay]</c>.</param>
/// <param name="IsAlwaysInterleave">Marked <c>[AlwaysInterleave]</c>.</param>
/// <param name="IsReadOnly">Marked <c>[ReadOnly]</c>.</param>
/// <param name="ResponseTimeoutTicks">The <c>[ResponseTimeout]</c> value in ticks, or null.</param>
internal sealed record GrainMethodModel(
    int Id,
    string Name,
    string Identifier,
    string DeclaringInterface,
    ReturnKind ReturnKind,
    string? ResultType,
    EquatableArray<GrainParameterModel> Parameters,
    bool IsOneWay,
    bool IsAlwaysInterleave,
    bool IsReadOnly,
    long? ResponseTimeoutTicks)
{
    /// <summary>Whether the method produces a value (Task&lt;T&gt; or ValueTask&lt;T&gt;).</summary>
    public bool HasResult => ReturnKind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT;

    /// <summary>Whether one parameter is a cancellation token.</summary>
    public bool IsCancellable
    {
        get
        {
            foreach (var parameter in Parameters)
            {
                if (parameter.IsCancellationToken)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The number of arguments, the cancellation token excluded.</summary>
    public int ArgumentCount => IsCancellable ? Parameters.Count - 1 : Parameters.Count;
}
