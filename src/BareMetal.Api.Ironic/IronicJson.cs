using System.Globalization;
using System.Text.Json.Nodes;

namespace BareMetal.Api.Ironic;

/// <summary>Small conversions shared by the documents: timestamps, string maps and links as Ironic writes them.</summary>
internal static class IronicJson
{
    public static JsonNode? Timestamp(DateTimeOffset? at) =>
        at is { } value
            ? JsonValue.Create(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture))
            : null;

    public static JsonObject Map(IReadOnlyDictionary<string, string> values)
    {
        var map = new JsonObject();
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            map[key] = value;
        }

        return map;
    }

    public static JsonArray Links(string baseUrl, string resource, string? suffix = null)
    {
        var tail = suffix is null ? resource : $"{resource}/{suffix}";
        return
        [
            new JsonObject { ["href"] = $"{baseUrl}/v1/{tail}", ["rel"] = "self" },
            new JsonObject { ["href"] = $"{baseUrl}/{tail}", ["rel"] = "bookmark" },
        ];
    }

    /// <summary>
    /// A JSON value as the string maps of the node hold it: strings as they are, anything else (numbers, booleans,
    /// objects) as its JSON text, so nothing a client sends is lost.
    /// </summary>
    public static string ToText(JsonNode? value) =>
        value is JsonValue scalar && scalar.TryGetValue<string>(out var text) ? text : value?.ToJsonString() ?? "null";

    /// <summary>An object of scalar values as a string map; a clear 400 naming <paramref name="field"/> otherwise.</summary>
    public static Dictionary<string, string> ToMap(JsonNode? value, string field)
    {
        if (value is null)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        if (value is not JsonObject map)
        {
            throw IronicApiException.BadRequest($"Invalid input for field/attribute {field}. Value: {value.ToJsonString()}. It must be an object.");
        }

        return map.ToDictionary(p => p.Key, p => ToText(p.Value), StringComparer.Ordinal);
    }

    /// <summary>A string or null; a clear 400 naming <paramref name="field"/> for any other JSON type.</summary>
    public static string? ToOptionalString(JsonNode? value, string field) =>
        value switch
        {
            null => null,
            JsonValue scalar when scalar.TryGetValue<string>(out var text) => text,
            _ => throw IronicApiException.BadRequest($"Invalid input for field/attribute {field}. Value: {value.ToJsonString()}. It must be a string or null."),
        };
}
