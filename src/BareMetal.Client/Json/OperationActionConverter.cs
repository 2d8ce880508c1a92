using System.Text.Json;
using System.Text.Json.Serialization;
using BareMetal.Contracts.Operations;

namespace BareMetal.Client.Json;

/// <summary>Actions by their wire names ("power-on", "deploy").</summary>
internal sealed class OperationActionConverter : JsonConverter<OperationAction>
{
    public override OperationAction Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var name = reader.GetString();
        return OperationActionExtensions.TryParseWireName(name, out var action) ? action : throw new JsonException($"'{name}' is not an action.");
    }

    public override void Write(Utf8JsonWriter writer, OperationAction value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToWireName());
}
