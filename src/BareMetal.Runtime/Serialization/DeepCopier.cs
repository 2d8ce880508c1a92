using System.Text.Json;
using BareMetal.Runtime.Serialization;

namespace BareMetal.Runtime.Serialization;

/// <summary>
/// Copies call arguments and results. Immutable values pass through untouched (the common case costs
/// one static read); anything else makes a JSON round trip through the same serializer that state and,
/// in a cluster, messages use — so what works locally also works across processes.
/// </summary>
internal sealed class DeepCopier(RuntimeSerializer serializer) : IDeepCopier
{
    public T Copy<T>(T value)
    {
        if (ShallowCopyable<T>.Value || value is null)
        {
            return value;
        }

        var runtimeType = value.GetType();
        if (runtimeType != typeof(T) && CopyPolicy.IsShallowCopyable(runtimeType))
        {
            return value;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, runtimeType, serializer.Options);
        // A type the serializer cannot create (a compiler-made collection such as what "[.. items]" builds for an
        // IReadOnlyList<T>, or any non-public type) is read back as the declared type, as it would be across processes.
        var readAs = runtimeType.IsVisible && !runtimeType.IsAbstract ? runtimeType : typeof(T);
        return (T)JsonSerializer.Deserialize(bytes, readAs, serializer.Options)!;
    }
}
