using System.Collections.Concurrent;
using System.Reflection;

namespace BareMetal.Runtime.Serialization;

/// <summary>
/// Copies a collection whose elements are immutable by copying the container only: the elements can be
/// shared, so a JSON round trip of the whole graph would only produce equal values at a much higher cost.
/// Covers arrays, <see cref="List{T}"/>, <see cref="Dictionary{TKey, TValue}"/>, <see cref="HashSet{T}"/>,
/// and the compiler-made read-only lists a collection expression builds (read back as a
/// <see cref="List{T}"/>, like the JSON path reads them as the declared interface).
/// </summary>
internal static class ContainerCopier
{
    private static readonly ConcurrentDictionary<Type, Func<object, object>?> s_copiers = new();

    /// <summary>A container-only copier for <paramref name="type"/>, or null when the elements need a deep copy.</summary>
    public static Func<object, object>? For(Type type) => s_copiers.GetOrAdd(type, Create);

    private static Func<object, object>? Create(Type type)
    {
        if (type.IsSZArray && CopyPolicy.IsShallowCopyable(type.GetElementType()!))
        {
            return static value => ((Array)value).Clone();
        }

        if (type.IsGenericType && !type.ContainsGenericParameters)
        {
            var definition = type.GetGenericTypeDefinition();
            var arguments = type.GetGenericArguments();
            if (arguments.All(CopyPolicy.IsShallowCopyable))
            {
                if (definition == typeof(List<>))
                {
                    return Bind(nameof(CopyList), arguments);
                }

                if (definition == typeof(Dictionary<,>))
                {
                    return Bind(nameof(CopyDictionary), arguments);
                }

                if (definition == typeof(HashSet<>))
                {
                    return Bind(nameof(CopyHashSet), arguments);
                }
            }
        }

        if (!type.IsVisible
            && type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)) is { } readOnlyList
            && CopyPolicy.IsShallowCopyable(readOnlyList.GetGenericArguments()[0]))
        {
            return Bind(nameof(CopyToList), readOnlyList.GetGenericArguments());
        }

        return null;
    }

    private static Func<object, object> Bind(string method, Type[] arguments) =>
        typeof(ContainerCopier).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(arguments)
            .CreateDelegate<Func<object, object>>();

    private static object CopyList<T>(object value) => new List<T>((List<T>)value);

    private static object CopyDictionary<TKey, TValue>(object value)
        where TKey : notnull
    {
        var dictionary = (Dictionary<TKey, TValue>)value;
        return new Dictionary<TKey, TValue>(dictionary, dictionary.Comparer);
    }

    private static object CopyHashSet<T>(object value)
    {
        var set = (HashSet<T>)value;
        return new HashSet<T>(set, set.Comparer);
    }

    private static object CopyToList<T>(object value) => new List<T>((IEnumerable<T>)value);
}
