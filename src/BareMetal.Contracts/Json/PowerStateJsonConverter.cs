using System.Text.Json;
using System.Text.Json.Serialization;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Contracts.Json;

/// <summary>Power states by their Ironic names ("power on", "power off", "error"; null when unknown), as the HTTP API and its clients spell them.</summary>
public sealed class PowerStateJsonConverter : JsonConverter<PowerState>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override PowerState Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var name = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
        return PowerStateNames.TryParse(name, out var state) ? state : throw new JsonException($"'{name}' is not a power state.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, PowerState value, JsonSerializerOptions options)
    {
        if (value.ToIronicName() is { } name)
        {
            writer.WriteStringValue(name);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
