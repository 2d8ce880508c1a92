namespace BareMetal.Runtime.Invocation;

/// <summary>A call to one grain method with its arguments, as seen by interleaving predicates and filters.</summary>
public interface IInvokable
{
    /// <summary>The interface the method belongs to.</summary>
    GrainInterfaceInfo Interface { get; }

    /// <summary>The method's index within the interface (stable for one build of the interface).</summary>
    int MethodId { get; }

    /// <summary>The method name.</summary>
    string MethodName { get; }

    /// <summary>Delivery and scheduling options.</summary>
    InvokeMethodOptions Options { get; }

    /// <summary>The number of arguments, the cancellation token excluded.</summary>
    int ArgumentCount { get; }

    /// <summary>Argument <paramref name="index"/>, boxed.</summary>
    object? GetArgument(int index);
}
