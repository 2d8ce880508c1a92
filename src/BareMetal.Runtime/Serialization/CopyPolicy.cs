using System.Collections.Concurrent;
using System.Reflection;
namespace BareMetal.Runtime.Serialization;

/// <summary>
/// Decides which types need no copy when passed between a caller and a grain: values that cannot be
/// mutated through a shared reference. Anything else is deep-copied.
/// </summary>
internal static class CopyPolicy
{
    private static readonly ConcurrentDictionary<Type, bool> s_cache = new();

    public static bool IsShallowCopyable(Type type) => s_cache.GetOrAdd(type, static t => Compute(t, depth: 0));

    private static bool Compute(Type type, int depth)
    {
        if (depth > 8)
        {
            return false;
        }

        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan)
            || type == typeof(Guid) || type == typeof(DateOnly) || type == typeof(TimeOnly)
            || type == typeof(Uri) || type == typeof(Version) || type == typeof(CancellationToken))
        {
            return true;
        }

        if (typeof(Exception).IsAssignableFrom(type) || typeof(IAddressable).IsAssignableFrom(type) || typeof(Type).IsAssignableFrom(type))
        {
            // Exceptions and grain references are passed as they are; both are treated as immutable by convention.
            return true;
        }

        if (type.GetCustomAttribute<ImmutableAttribute>(inherit: false) is not null)
        {
            return true;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Compute(underlying, depth + 1);
        }

        if (type.IsGenericType && type.Namespace == "System.Collections.Immutable")
        {
            return type.GetGenericArguments().All(a => Compute(a, depth + 1));
        }

        if (type.IsValueType)
        {
            // A struct copies by value; it is safe when none of its fields can reach shared mutable state.
            return type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .All(f => f.FieldType == type || Compute(f.FieldType, depth + 1));
        }

        return false;
    }
}

/// <summary>Per-type cached answer of <see cref="CopyPolicy"/>, read without a dictionary lookup on the call path.</summary>
internal static class ShallowCopyable<T>
{
    public static readonly bool Value = CopyPolicy.IsShallowCopyable(typeof(T));
}
