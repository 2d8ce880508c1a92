using System.Text.Json;
using System.Text.Json.Serialization;
using BareMetal.Contracts.Operations;

namespace BareMetal.Contracts.Json;

/// <summary>Operation actions by their wire names ("power-on", "maintenance-off", ...), as the HTTP API and its clients spell them.</summary>
public sealed class OperationActionJsonConverter : JsonConverter<OperationAction>
{
    /// <inheritdoc />
    public override OperationAction Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var name = reader.GetString();
        return OperationActionExtensions.TryParseWireName(name, out var action)
            ? action
            : throw new JsonException($"'{name}' is not an action.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, OperationAction value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToWireName());
}
