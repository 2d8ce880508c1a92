using System.Text.Json;
using System.Text.Json.Serialization;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Contracts.Json;

/// <summary>Provision states by their Ironic names ("available", "wait call-back", ...), as the HTTP API and its clients spell them.</summary>
public sealed class ProvisionStateJsonConverter : JsonConverter<ProvisionState>
{
    /// <inheritdoc />
    public override ProvisionState Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var name = reader.GetString();
        return name is not null && ProvisionStateNames.TryParse(name, out var state)
            ? state
            : throw new JsonException($"'{name}' is not a provision state.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ProvisionState value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToIronicName());
}
