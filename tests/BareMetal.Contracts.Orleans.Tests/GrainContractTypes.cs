using System.Reflection;

namespace BareMetal.Contracts.Orleans.Tests;

/// <summary>The data types that cross the contracts' grain interfaces: parameters and results, and what they hold.</summary>
internal static class GrainContractTypes
{
    /// <summary>The grain interfaces the contracts declare.</summary>
    public static IReadOnlyList<Type> GrainInterfaces { get; } =
        [.. typeof(BareMetal.Contracts.Nodes.INodeGrain).Assembly.GetTypes().Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t) && t.Namespace!.StartsWith("BareMetal.Contracts", StringComparison.Ordinal))];

    /// <summary>
    /// Every contract type (declared in BareMetal.Contracts) reachable from a grain method's parameters or result,
    /// through generic arguments, nullable wrappers, arrays and the public properties of the types found.
    /// </summary>
    public static IReadOnlyList<Type> Reachable()
    {
        var found = new HashSet<Type>();
        var pending = new Stack<Type>();
        foreach (var method in GrainInterfaces.SelectMany(i => i.GetMethods()))
        {
            pending.Push(method.ReturnType);
            foreach (var parameter in method.GetParameters())
            {
                pending.Push(parameter.ParameterType);
            }
        }

        while (pending.TryPop(out var type))
        {
            if (type.IsArray)
            {
                pending.Push(type.GetElementType()!);
                continue;
            }

            if (type.IsGenericType)
            {
                foreach (var argument in type.GetGenericArguments())
                {
                    pending.Push(argument);
                }
            }

            if (!IsContract(type) || !found.Add(type))
            {
                continue;
            }

            foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public))
            {
                pending.Push(property.PropertyType);
            }
        }

        return [.. found.OrderBy(t => t.FullName, StringComparer.Ordinal)];
    }

    /// <summary>The contracts' exception types, which grains throw to callers.</summary>
    public static IReadOnlyList<Type> Exceptions { get; } =
        [.. typeof(BareMetal.Contracts.Nodes.INodeGrain).Assembly.GetTypes().Where(t => typeof(Exception).IsAssignableFrom(t) && IsContract(t))];

    private static bool IsContract(Type type) =>
        type.Namespace?.StartsWith("BareMetal.Contracts", StringComparison.Ordinal) == true
        && !type.IsInterface
        && !(type.IsAbstract && type.IsSealed);
}
