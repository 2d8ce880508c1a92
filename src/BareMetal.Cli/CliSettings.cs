using System.Text.Json;

namespace BareMetal.Cli;

/// <summary>
/// Where bm finds the API and its key: the --endpoint and --api-key flags first, then BAREMETAL_ENDPOINT and
/// BAREMETAL_API_KEY, then the config file (--config, BAREMETAL_CONFIG, or ~/.config/baremetal/bm.json), then the
/// embedded default http://127.0.0.1:5080 without a key.
/// </summary>
internal sealed record CliSettings(Uri Endpoint, string? ApiKey)
{
    public const string DefaultEndpoint = "http://127.0.0.1:5080";
    public const string EndpointVariable = "BAREMETAL_ENDPOINT";
    public const string ApiKeyVariable = "BAREMETAL_API_KEY";
    public const string ConfigVariable = "BAREMETAL_CONFIG";

    public static CliSettings Resolve(string? endpointFlag, string? apiKeyFlag, string? configFlag)
    {
        var file = ReadConfigFile(configFlag);
        var endpointText = endpointFlag ?? NonEmpty(Environment.GetEnvironmentVariable(EndpointVariable)) ?? file?.Endpoint ?? DefaultEndpoint;
        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"The endpoint must be an absolute http or https URL such as {DefaultEndpoint} (was '{endpointText}').");
        }

        var key = apiKeyFlag ?? NonEmpty(Environment.GetEnvironmentVariable(ApiKeyVariable)) ?? file?.ApiKey;
        return new CliSettings(endpoint, NonEmpty(key));
    }

    public static string DefaultConfigPath()
    {
        var configHome = NonEmpty(Environment.GetEnvironmentVariable("XDG_CONFIG_HOME"))
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(configHome, "baremetal", "bm.json");
    }

    private static ConfigFile? ReadConfigFile(string? configFlag)
    {
        var explicitPath = configFlag ?? NonEmpty(Environment.GetEnvironmentVariable(ConfigVariable));
        var path = explicitPath ?? DefaultConfigPath();
        if (!File.Exists(path))
        {
            return explicitPath is null ? null : throw new UsageException($"The config file '{path}' does not exist.");
        }

        try
        {
            return JsonSerializer.Deserialize<ConfigFile>(File.ReadAllText(path), s_json)
                ?? throw new UsageException($"The config file '{path}' must hold a JSON object such as {{\"endpoint\": \"{DefaultEndpoint}\", \"apiKey\": \"...\"}}.");
        }
        catch (JsonException exception)
        {
            throw new UsageException($"The config file '{path}' is not valid: {exception.Message}");
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private sealed record ConfigFile(string? Endpoint, string? ApiKey);
}
