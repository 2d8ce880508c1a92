using System.Collections.Concurrent;
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

    private readonly ConcurrentDictionary<Type, (ConstructorInfo Constructor, ArgumentFactory[] Arguments)> _plans = new();

    public object CreateInstance(IGrainContext context, GrainClassMetadata metadata, out IReadOnlyList<IPersistentStateLoader> states)
    {
        var (constructor, argumentFactories) = _plans.GetOrAdd(metadata.GrainClass, Plan);
        var loaders = new List<IPersistentStateLoader>();
        var arguments = new object?[argumentFactories.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = argumentFactories[i](context, loaders);
        }

        states = loaders;
        using (RuntimeContext.BeginCreation(context))
        {
            try
            {
                return constructor.Invoke(arguments);
            }
            catch (TargetInvocationException exception) when (exception.InnerException is not null)
            {
                throw exception.InnerException;
            }
        }
    }

    private (ConstructorInfo, ArgumentFactory[]) Plan(Type grainClass)
    {
        var constructor = grainClass.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"Grain class {grainClass.FullName} has no public constructor.");
        return (constructor, constructor.GetParameters().Select(p => PlanArgument(grainClass, p)).ToArray());
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
        var stateType = typeof(PersistentState<>).MakeGenericType(type.GetGenericArguments()[0]);
        return (context, loaders) =>
        {
            var key = new GrainStateKey(context.GrainId, attribute.StateName);
            var state = Activator.CreateInstance(stateType, key, storage, serializer)!;
            loaders.Add((IPersistentStateLoader)state);
            return state;
        };
    }
}
