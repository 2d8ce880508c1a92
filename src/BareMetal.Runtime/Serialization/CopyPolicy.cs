using System.Collections.Concurrent;
using System.Reflection;
namespace BareMetal.Runtime.Serialization;

/// <summary>
/// Decides which types need no copy when passed between a caller and a grain: values that cannot be
/// mutated through a shared reference. Anything else is deep-copied.
/// </summary>
/// <remarks>
/// Besides well-known immutable types and types marked <see cref="ImmutableAttribute"/>, a sealed class
/// (typically a record with positional or init-only members) is recognised as immutable when every
/// instance field, its base classes' included, is read-only and of an immutable type. That covers the
/// usual contract records without an attribute people forget; a record exposing an interface-typed
/// collection (IReadOnlyList, IReadOnlyDictionary) is not recognised, because the object behind the
/// interface may be a mutable collection its producer still changes.
/// </remarks>
internal static class CopyPolicy
{
    private const int MaxDepth = 16;
    private static readonly ConcurrentDictionary<Type, bool> s_cache = new();

    public static bool IsShallowCopyable(Type type) => s_cache.GetOrAdd(type, static t => Compute(t, [], depth: 0));

    private static bool Compute(Type type, HashSet<Type> visiting, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        if (s_cache.TryGetValue(type, out var known))
        {
            return known;
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

        if (type.IsPointer || type.IsByRef || type.IsArray || type.IsInterface || type.IsAbstract || type.ContainsGenericParameters)
        {
            return false;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Compute(underlying, visiting, depth + 1);
        }

        if (type.IsGenericType && type.Namespace is "System.Collections.Immutable" or "System.Collections.Frozen")
        {
            return type.GetGenericArguments().All(a => Compute(a, visiting, depth + 1));
        }

        if (!visiting.Add(type))
        {
            // A type reached again through its own members (a tree, a linked list): it is immutable if the
            // rest of its members are, which the outer evaluation decides.
            return true;
        }

        try
        {
            if (type.IsValueType)
            {
                // A struct copies by value; it is safe when none of its fields can reach shared mutable state.
                return type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                    .All(f => f.FieldType == type || Compute(f.FieldType, visiting, depth + 1));
            }

            // A sealed class cannot be replaced by a mutable subclass behind the declared type; with only
            // read-only fields of immutable types nothing can change it after construction.
            return type.IsSealed && !typeof(Delegate).IsAssignableFrom(type) && HasOnlyReadOnlyImmutableFields(type, visiting, depth);
        }
        finally
        {
            visiting.Remove(type);
        }
    }

    private static bool HasOnlyReadOnlyImmutableFields(Type type, HashSet<Type> visiting, int depth)
    {
        for (var level = type; level is not null && level != typeof(object); level = level.BaseType)
        {
            foreach (var field in level.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (!field.IsInitOnly || !Compute(field.FieldType, visiting, depth + 1))
                {
                    return false;
                }
            }
        }

        return true;
    }
}

/// <summary>Per-type cached answer of <see cref="CopyPolicy"/>, read without a dictionary lookup on the call path.</summary>
internal static class ShallowCopyable<T>
{
    public static readonly bool Value = CopyPolicy.IsShallowCopyable(typeof(T));
}
