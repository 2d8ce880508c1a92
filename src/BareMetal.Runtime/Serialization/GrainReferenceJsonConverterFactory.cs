using System.Text.Json;
using System.Text.Json.Serialization;
using BareMetal.Runtime.Invocation;

namespace BareMetal.Runtime.Serialization;

/// <summary>Serializes grain references (and grain interface typed values) as <c>{"id":"type/key","interface":"Name"}</c>.</summary>
internal sealed class GrainReferenceJsonConverterFactory(Lazy<IGrainReferenceResolver> resolver) : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeof(IAddressable).IsAssignableFrom(typeToConvert);

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter?)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert), resolver);

    private sealed class Converter<T>(Lazy<IGrainReferenceResolver> resolver) : JsonConverter<T>
        where T : class, IAddressable
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            string? id = null, interfaceName = null;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("A grain reference must be a JSON object.");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var property = reader.GetString();
                reader.Read();
                switch (property)
                {
                    case "id": id = reader.GetString(); break;
                    case "interface": interfaceName = reader.GetString(); break;
                    default: reader.Skip(); break;
                }
            }

            if (id is null || interfaceName is null)
            {
                throw new JsonException("A grain reference needs 'id' and 'interface'.");
            }

            return (T)resolver.Value.Resolve(GrainId.Parse(id), interfaceName);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            if (value is not GrainReference reference)
            {
                throw new JsonException($"Only grain references can be serialized as {typeof(T).Name}; pass this.AsReference<T>() instead of a grain instance.");
            }

            writer.WriteStartObject();
            writer.WriteString("id", reference.GrainId.ToString());
            writer.WriteString("interface", reference.InterfaceInfo.Name);
            writer.WriteEndObject();
        }
    }
}
