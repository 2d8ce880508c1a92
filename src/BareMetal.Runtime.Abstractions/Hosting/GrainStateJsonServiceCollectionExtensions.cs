using System.Text.Json.Serialization;
using BareMetal.Runtime.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace BareMetal.Hosting;

/// <summary>Registers source-generated JSON contracts that the silo uses to write grain state.</summary>
public static class GrainStateJsonServiceCollectionExtensions
{
    /// <summary>
    /// Writes the grain state types that <paramref name="context"/> lists with its generated serialization code instead
    /// of the reflection-based contract; state types it does not list are written as before, and every state is still
    /// read with the silo serializer. The JSON must be the same either way, so that rows written before still read back:
    /// declare the context with <c>[JsonSourceGenerationOptions(JsonSerializerDefaults.General, IncludeFields = true,
    /// UseStringEnumConverter = true)]</c> (names as declared, enums as their names, public fields included) and pass the
    /// context's <c>Default</c> instance (converters in a context's options would turn the generated code off). A state
    /// type that holds grain references or values typed <see cref="object"/> is still written with the silo serializer,
    /// which alone knows how to write a grain reference. A context whose
    /// options change the JSON fails the silo's start. Registering the same context type twice registers it once.
    /// </summary>
    public static IServiceCollection AddGrainStateJsonContext(this IServiceCollection services, JsonSerializerContext context)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(context);
        services.Configure<GrainStateJsonOptions>(options =>
        {
            if (!options.Contexts.Any(registered => registered.GetType() == context.GetType()))
            {
                options.Contexts.Add(context);
            }
        });
        return services;
    }
}
