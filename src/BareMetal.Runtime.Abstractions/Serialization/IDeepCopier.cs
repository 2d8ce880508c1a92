namespace BareMetal.Runtime.Serialization;

/// <summary>
/// Copies arguments and results of local calls so a caller never shares a mutable object with a
/// grain. Immutable values (primitives, strings, records marked <see cref="ImmutableAttribute"/>,
/// grain references) are returned as they are.
/// </summary>
public interface IDeepCopier
{
    /// <summary>A copy of <paramref name="value"/> (or the value itself when it is immutable).</summary>
    T Copy<T>(T value);
}
