using System.Collections.Concurrent;
using System.Text.Json;

namespace BareMetal.Runtime.Serialization;

/// <summary>
/// Copies call arguments and results. Immutable values pass through untouched (the common case costs
/// one static read); collections of immutable elements get a new container holding the same elements;
/// anything else makes a JSON round trip through the same serializer that state and, in a cluster,
/// messages use — so what works locally also works across processes.
/// </summary>
internal sealed class DeepCopier(RuntimeSerializer serializer) : IDeepCopier
{
    private static readonly Func<object, object> s_same = static value => value;
    private static readonly ConcurrentDictionary<Type, Func<object, object>?> s_byRuntimeType = new();

    public T Copy<T>(T value)
    {
        if (ShallowCopyable<T>.Value || value is null)
        {
            return value;
        }

        var runtimeType = value.GetType();
        if (s_byRuntimeType.GetOrAdd(runtimeType, static type => CopyPolicy.IsShallowCopyable(type) ? s_same : ContainerCopier.For(type)) is { } copier
            && copier(value) is T copy)
        {
            return copy;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, runtimeType, serializer.Options);
        // A type the serializer cannot create (a compiler-made collection such as what "[.. items]" builds for an
        // IReadOnlyList<T>, or any non-public type) is read back as the declared type, as it would be across processes.
        var readAs = runtimeType.IsVisible && !runtimeType.IsAbstract ? runtimeType : typeof(T);
        return (T)JsonSerializer.Deserialize(bytes, readAs, serializer.Options)!;
    }
}
