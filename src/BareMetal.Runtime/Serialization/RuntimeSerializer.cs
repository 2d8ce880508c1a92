using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace BareMetal.Runtime.Serialization;

/// <summary>
/// The one serializer of the silo: grain state payloads, deep copies and (in a cluster) message
/// bodies. Grain references serialize as their grain id and interface and come back as live proxies.
/// </summary>
internal sealed class RuntimeSerializer
{
    public RuntimeSerializer(Lazy<IGrainReferenceResolver> resolver)
    {
        Options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            IncludeFields = true,
            Converters = { new JsonStringEnumConverter(), new GrainReferenceJsonConverterFactory(resolver) },
        };
        Options.MakeReadOnly(populateMissingResolver: true);
    }

    public JsonSerializerOptions Options { get; }

    /// <summary>The serializer's contract for <typeparamref name="T"/>; resolve it once and keep it on hot paths.</summary>
    public JsonTypeInfo<T> GetTypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    public byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public T? Deserialize<T>(ReadOnlySpan<byte> utf8Json) => JsonSerializer.Deserialize<T>(utf8Json, Options);
}
