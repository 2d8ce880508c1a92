namespace BareMetal.Runtime.Concurrency;

/// <summary>
/// Names a static predicate <c>static bool Name(IInvokable request)</c> on the grain class that decides per
/// request whether it may interleave.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class MayInterleaveAttribute(string callbackMethodName) : Attribute
{
    /// <summary>The name of the static predicate.</summary>
    public string CallbackMethodName { get; } = callbackMethodName;
}
