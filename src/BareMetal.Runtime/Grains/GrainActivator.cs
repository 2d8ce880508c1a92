using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using BareMetal.Runtime.Manifest;
using BareMetal.Runtime.Persistence;
using BareMetal.Runtime.Serialization;
using BareMetal.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Runtime.Grains;

/// <summary>
/// Constructs grain instances. Constructor parameters come from the activation (IGrainContext,
/// IGrainFactory), from [PersistentState] attributes, or from the service provider. The plan per
/// class is computed once; activation is not on the call path.
/// </summary>
internal sealed class GrainActivator(IServiceProvider services, RuntimeSerializer serializer)
{
    private delegate object? ArgumentFactory(IGrainContext context, List<IPersistentStateLoader> states);

    private delegate object PersistentStateFactory(GrainStateKey key, IGrainStorage storage, RuntimeSerializer serializer);

    private readonly ConcurrentDictionary<Type, (Func<object?[], object> Construct, ArgumentFactory[] Arguments)> _plans = new();

    public object CreateInstance(IGrainContext context, GrainClassMetadata metadata, out IReadOnlyList<IPersistentStateLoader> states)
    {
        var (construct, argumentFactories) = _plans.GetOrAdd(metadata.GrainClass, Plan);
        var loaders = new List<IPersistentStateLoader>(1);
        var arguments = argumentFactories.Length == 0 ? [] : new object?[argumentFactories.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = argumentFactories[i](context, loaders);
        }

        states = loaders;
        using (RuntimeContext.BeginCreation(context))
        {
            return construct(arguments);
        }
    }

    private (Func<object?[], object>, ArgumentFactory[]) Plan(Type grainClass)
    {
        var constructor = grainClass.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"Grain class {grainClass.FullName} has no public constructor.");
        return (CompileConstructor(constructor), constructor.GetParameters().Select(p => PlanArgument(grainClass, p)).ToArray());
    }

    // A compiled "new TGrain((T0)args[0], ...)": every activation constructs a grain, and reflection's
    // invoke costs several times a direct call (and wraps the grain's own exceptions).
    private static Func<object?[], object> CompileConstructor(ConstructorInfo constructor)
    {
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var parameters = constructor.GetParameters().Select((p, i) =>
            Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(i)), p.ParameterType));
        var body = Expression.Convert(Expression.New(constructor, parameters), typeof(object));
        return Expression.Lambda<Func<object?[], object>>(body, arguments).Compile();
    }

    private ArgumentFactory PlanArgument(Type grainClass, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } persistent)
        {
            return PlanPersistentState(grainClass, parameter, persistent);
        }

        if (type == typeof(IGrainContext))
        {
            return static (context, _) => context;
        }

        if (type == typeof(IGrainFactory))
        {
            return static (context, _) => context.GrainFactory;
        }

        return (_, _) => services.GetService(type)
            ?? (parameter.HasDefaultValue
                ? parameter.DefaultValue
                : throw new InvalidOperationException(
                    $"Cannot construct grain {grainClass.FullName}: no service of type {type.FullName} is registered for parameter '{parameter.Name}'."));
    }

    private ArgumentFactory PlanPersistentState(Type grainClass, ParameterInfo parameter, PersistentStateAttribute attribute)
    {
        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
        {
            throw new InvalidOperationException(
                $"Parameter '{parameter.Name}' of {grainClass.FullName} has [PersistentState] but is not an IPersistentState<T>.");
        }

        var storage = services.GetKeyedService<IGrainStorage>(attribute.StorageName)
            ?? throw new InvalidOperationException(
                $"Grain {grainClass.FullName} uses grain storage '{attribute.StorageName}', but none is registered. Register one with AddMemoryGrainStorage, AddSqliteGrainStorage or AddPostgresGrainStorage.");
        var create = typeof(GrainActivator).GetMethod(nameof(CreatePersistentState), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type.GetGenericArguments()[0])
            .CreateDelegate<PersistentStateFactory>();
        return (context, loaders) =>
        {
            var state = create(new GrainStateKey(context.GrainId, attribute.StateName), storage, serializer);
            loaders.Add((IPersistentStateLoader)state);
            return state;
        };
    }

    private static object CreatePersistentState<TState>(GrainStateKey key, IGrainStorage storage, RuntimeSerializer serializer) =>
        new PersistentState<TState>(key, storage, serializer);
}
