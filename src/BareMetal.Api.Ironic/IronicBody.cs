using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace BareMetal.Api.Ironic;

/// <summary>Reads request bodies; malformed JSON or the wrong shape is a 400 that says so.</summary>
internal static class IronicBody
{
    public static async Task<JsonObject> ReadObjectAsync(HttpContext http) =>
        await ReadAsync(http) as JsonObject ?? throw IronicApiException.BadRequest("The request body must be a JSON object.");

    public static async Task<JsonArray> ReadArrayAsync(HttpContext http) =>
        await ReadAsync(http) as JsonArray ?? throw IronicApiException.BadRequest("The request body must be a JSON array of patch operations.");

    /// <summary>An empty body reads as an empty object (maintenance set without a reason sends none).</summary>
    public static async Task<JsonObject> ReadOptionalObjectAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(http.RequestAborted);
        return string.IsNullOrWhiteSpace(text) ? [] : Parse(text) as JsonObject
            ?? throw IronicApiException.BadRequest("The request body must be a JSON object.");
    }

    private static async Task<JsonNode?> ReadAsync(HttpContext http)
    {
        try
        {
            // Straight from the body's bytes: no intermediate string per request.
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException malformed)
        {
            throw IronicApiException.BadRequest($"The request body is not valid JSON: {malformed.Message}");
        }
    }

    private static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException malformed)
        {
            throw IronicApiException.BadRequest($"The request body is not valid JSON: {malformed.Message}");
        }
    }

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
