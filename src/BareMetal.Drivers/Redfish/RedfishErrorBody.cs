using System.Text.Json;
using System.Text.Json.Nodes;

namespace BareMetal.Drivers.Redfish;

/// <summary>Reads what a BMC's Redfish error body says (DMTF's "error" object with its @Message.ExtendedInfo).</summary>
internal static class RedfishErrorBody
{
    private const int MaxLength = 400;

    /// <summary>A one-line summary: the extended messages' MessageIds and texts, else the error's code and message; null when there is no Redfish error.</summary>
    public static string? Describe(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(body) is not JsonObject root || root["error"] is not JsonObject error)
            {
                return null;
            }

            var parts = new List<string>();
            if (error["@Message.ExtendedInfo"] is JsonArray extended)
            {
                foreach (var info in extended.OfType<JsonObject>())
                {
                    var id = Text(info["MessageId"]);
                    var message = Text(info["Message"]);
                    if (id is not null || message is not null)
                    {
                        parts.Add(id is null ? message! : message is null ? id : $"{id}: {message}");
                    }
                }
            }

            if (parts.Count == 0)
            {
                var code = Text(error["code"]);
                var message = Text(error["message"]);
                if (code is null && message is null)
                {
                    return null;
                }

                parts.Add(code is null ? message! : message is null ? code : $"{code}: {message}");
            }

            var text = string.Join("; ", parts);
            return text.Length <= MaxLength ? text : text[..MaxLength] + "...";
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text.ReplaceLineEndings(" ") : null;
}
