using System.CommandLine;
using BareMetal.Cli.Output;
using BareMetal.Client;

namespace BareMetal.Cli;

/// <summary>What a command needs: the parsed line, the output, and a client for the resolved endpoint and key.</summary>
internal sealed class CommandContext
{
    private readonly Lazy<BareMetalClient> _client;

    public CommandContext(ParseResult parse, CliOutput output)
    {
        Parse = parse;
        Output = output;
        _client = new Lazy<BareMetalClient>(() =>
        {
            var retries = parse.GetValue(GlobalOptions.Retries);
            if (retries is < 0 or > 20)
            {
                throw new UsageException($"--retries must be from 0 to 20 (was {retries}).");
            }

            var settings = CliSettings.Resolve(parse.GetValue(GlobalOptions.Endpoint), parse.GetValue(GlobalOptions.ApiKey), parse.GetValue(GlobalOptions.Config));
            return BareMetalClient.Create(new BareMetalClientOptions
            {
                BaseAddress = settings.Endpoint,
                ApiKey = settings.ApiKey,
                MaxRetries = retries,
                RequestTimeout = TimeSpan.FromSeconds(30),
            });
        });
    }

    public ParseResult Parse { get; }

    public CliOutput Output { get; }

    public BareMetalClient Client => _client.Value;
}
