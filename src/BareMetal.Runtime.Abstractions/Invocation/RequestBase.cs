using BareMetal.Runtime.Serialization;

namespace BareMetal.Runtime.Invocation;

/// <summary>
/// Base of the request classes the source generator emits, one per grain interface method. A request
/// holds the arguments as fields, so a call allocates one object and boxes nothing.
/// </summary>
public abstract class RequestBase : IInvokable
{
    /// <inheritdoc />
    public abstract GrainInterfaceInfo Interface { get; }

    /// <inheritdoc />
    public abstract int MethodId { get; }

    /// <inheritdoc />
    public abstract string MethodName { get; }

    /// <inheritdoc />
    public virtual InvokeMethodOptions Options => InvokeMethodOptions.None;

    /// <summary>A per-method timeout from <c>[ResponseTimeout]</c>, or null for the silo default.</summary>
    public virtual TimeSpan? ResponseTimeout => null;

    /// <inheritdoc />
    public virtual int ArgumentCount => 0;

    /// <summary>Whether the method has a result value (false for Task and ValueTask).</summary>
    public virtual bool HasResult => false;

    /// <summary>The declared type of the result, or <see cref="void"/>.</summary>
    public virtual Type ResultType => typeof(void);

    /// <inheritdoc />
    public virtual object? GetArgument(int index) => throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Sets argument <paramref name="index"/> (used by deserializers).</summary>
    public virtual void SetArgument(int index, object? value) => throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The declared type of argument <paramref name="index"/>.</summary>
    public virtual Type GetArgumentType(int index) => throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The caller's cancellation token, when the method takes one.</summary>
    public virtual CancellationToken GetCancellationToken() => default;

    /// <summary>Replaces the cancellation token passed to the grain method.</summary>
    public virtual void SetCancellationToken(CancellationToken cancellationToken)
    {
    }

    /// <summary>Replaces each argument by a copy, so the grain never sees the caller's mutable objects.</summary>
    public virtual void CopyArguments(IDeepCopier copier)
    {
    }

    /// <summary>Invokes the method on <paramref name="grain"/> and reports the outcome to <paramref name="sink"/>.</summary>
    /// <returns>A task that completes when the method (including its awaits) has completed.</returns>
    public abstract ValueTask Invoke(object grain, IResponseSink sink);

    /// <inheritdoc />
    public override string ToString() => $"{Interface.Name}.{MethodName}";
}
