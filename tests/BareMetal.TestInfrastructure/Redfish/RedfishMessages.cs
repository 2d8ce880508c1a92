using System.Text.Json.Nodes;

namespace BareMetal.TestInfrastructure.Redfish;

/// <summary>Redfish error bodies as DSP0266 defines them: an "error" object whose @Message.ExtendedInfo holds Base registry messages.</summary>
internal static class RedfishMessages
{
    private const string Registry = "Base.1.8";

    public static JsonObject Error(string messageId, string message, string resolution, params string[] arguments) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = $"{Registry}.GeneralError",
            ["message"] = "A general error has occurred. See ExtendedInfo for more information.",
            ["@Message.ExtendedInfo"] = new JsonArray(new JsonObject
            {
                ["@odata.type"] = "#Message.v1_1_1.Message",
                ["MessageId"] = $"{Registry}.{messageId}",
                ["Message"] = message,
                ["MessageArgs"] = new JsonArray([.. arguments.Select(a => JsonValue.Create(a))]),
                ["MessageSeverity"] = "Critical",
                ["Resolution"] = resolution,
            }),
        },
    };
}
