using System.Text.Json;
using System.Text.Json.Serialization;
using BareMetal.Contracts.Json;
using BareMetal.Contracts.Operations;

namespace BareMetal.Client.Json;

/// <summary>
/// The JSON settings of the API as the client reads and writes it: camelCase names, provision and power states by their
/// Ironic names, actions by their wire names, operation statuses in snake_case. Unknown fields are ignored, so a newer
/// server does not break an older client.
/// </summary>
public static class ClientJson
{
    /// <summary>The settings for request and response bodies.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new ProvisionStateJsonConverter());
        options.Converters.Add(new PowerStateJsonConverter());
        options.Converters.Add(new OperationActionJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter<OperationStatus>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
