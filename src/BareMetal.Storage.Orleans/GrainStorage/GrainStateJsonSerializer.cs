using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Orleans.Storage;

namespace BareMetal.Storage.Orleans.GrainStorage;

/// <summary>
/// Stores grain state as System.Text.Json with the contract BareMetal's states have always been stored with: member
/// names as declared, enums by name, public fields included. Rows written before the move to Orleans read back
/// unchanged, and stay readable in SQL.
/// </summary>
/// <remarks>
/// Generated metadata registered as <see cref="IJsonTypeInfoResolver"/> services (a project's grain-state JSON
/// context) is used ahead of reflection, so the states written on every accepted action skip reflection.
/// </remarks>
public sealed class GrainStateJsonSerializer : IGrainStorageSerializer
{
    private readonly JsonSerializerOptions _options;

    /// <param name="generated">Generated metadata for state types; anything else is handled by reflection.</param>
    public GrainStateJsonSerializer(IEnumerable<IJsonTypeInfoResolver> generated)
    {
        ArgumentNullException.ThrowIfNull(generated);
        _options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            IncludeFields = true,
            Converters = { new JsonStringEnumConverter() },
            TypeInfoResolver = JsonTypeInfoResolver.Combine([.. generated, new DefaultJsonTypeInfoResolver()]),
        };
        _options.MakeReadOnly();
    }

    /// <inheritdoc />
    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, _options));

    /// <inheritdoc />
    public T Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return JsonSerializer.Deserialize<T>(input.ToMemory().Span, _options)
            ?? throw new JsonException($"A stored {typeof(T).Name} was the JSON null.");
    }
}
