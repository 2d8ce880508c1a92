using System.Text.Json.Nodes;
using BareMetal.Api.Json;
using Microsoft.AspNetCore.Http;

namespace BareMetal.Api.Ironic;

/// <summary>
/// Reads request bodies with the native API's reader, so the same rules hold on /v1: at most the gateway's body limit
/// (413), JSON sent as application/json (415), valid UTF-8 and no duplicate fields (400). Its refusals are problems,
/// which <see cref="IronicVersionFilter"/> turns into Ironic's error body.
/// </summary>
internal static class IronicBody
{
    private static readonly string[] s_mediaTypes = ["application/json"];

    public static async Task<JsonObject> ReadObjectAsync(HttpContext http) =>
        await ReadAsync(http) as JsonObject ?? throw IronicApiException.BadRequest("The request body must be a JSON object.");

    public static async Task<JsonArray> ReadArrayAsync(HttpContext http) =>
        await ReadAsync(http) as JsonArray ?? throw IronicApiException.BadRequest("The request body must be a JSON array of patch operations.");

    /// <summary>An empty body reads as an empty object (maintenance set without a reason sends none).</summary>
    public static async Task<JsonObject> ReadOptionalObjectAsync(HttpContext http)
    {
        var bytes = await RequestBodies.ReadBytesAsync(http);
        if (IsBlank(bytes.Span))
        {
            return [];
        }

        return await ReadAsync(http) as JsonObject ?? throw IronicApiException.BadRequest("The request body must be a JSON object.");
    }

    private static async Task<JsonNode?> ReadAsync(HttpContext http)
    {
        var bytes = await RequestBodies.ReadBytesAsync(http);
        if (IsBlank(bytes.Span))
        {
            throw IronicApiException.BadRequest("The request needs a JSON body.");
        }

        RequestBodies.CheckMediaType(http, s_mediaTypes);
        return RequestBodies.ParseNode(bytes);
    }

    private static bool IsBlank(ReadOnlySpan<byte> bytes) => bytes.Trim(" \t\r\n"u8).IsEmpty;

    /// <summary>Refuses keys outside <paramref name="allowed"/>, as Ironic's schemas do (additionalProperties: false).</summary>
    public static void EnsureOnly(JsonObject body, IReadOnlySet<string> allowed)
    {
        var expected = true;
        foreach (var (key, _) in body)
        {
            expected &= allowed.Contains(key);
        }

        if (expected)
        {
            return;
        }

        var unexpected = body.Select(p => p.Key).Where(k => !allowed.Contains(k)).ToList();
        if (unexpected.Count > 0)
        {
            throw IronicApiException.BadRequest(
                $"Additional properties are not allowed ({string.Join(", ", unexpected.Select(k => $"'{k}'"))} {(unexpected.Count == 1 ? "was" : "were")} unexpected)");
        }
    }

    public static bool? ToOptionalBool(JsonNode? value, string field) => value switch
    {
        null => null,
        JsonValue scalar when scalar.TryGetValue<bool>(out var flag) => flag,
        JsonValue scalar when scalar.TryGetValue<string>(out var text) && bool.TryParse(text, out var parsed) => parsed,
        _ => throw IronicApiException.BadRequest($"Invalid input for field/attribute {field}. Value: {value.ToJsonString()}. It must be a boolean."),
    };
}
