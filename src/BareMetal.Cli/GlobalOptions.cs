using System.CommandLine;
using BareMetal.Cli.Output;

namespace BareMetal.Cli;

/// <summary>The options every command accepts.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Endpoint = new("--endpoint")
    {
        Description = $"The API's address (default: ${CliSettings.EndpointVariable}, the config file, or {CliSettings.DefaultEndpoint}).",
        Recursive = true,
    };

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = $"The API key (default: ${CliSettings.ApiKeyVariable} or the config file).",
        Recursive = true,
    };

    public static readonly Option<string?> Config = new("--config")
    {
        Description = $"The config file (default: ${CliSettings.ConfigVariable} or ~/.config/baremetal/bm.json).",
        Recursive = true,
    };

    public static readonly Option<OutputMode> Output = new("--output", "-o")
    {
        Description = "human (tables, colours, progress bars) or json (for scripts).",
        Recursive = true,
        DefaultValueFactory = _ => OutputMode.Human,
    };

    public static readonly Option<int> Retries = new("--retries")
    {
        Description = "How many times a call is retried after a connection failure or 429/503 (0-20; 0 fails at once).",
        Recursive = true,
        DefaultValueFactory = _ => 3,
    };

    public static void AddTo(Command root)
    {
        root.Options.Add(Retries);
        root.Options.Add(Endpoint);
        root.Options.Add(ApiKey);
        root.Options.Add(Config);
        root.Options.Add(Output);
    }
}
