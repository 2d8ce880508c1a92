using BareMetal.TestInfrastructure;

namespace BareMetal.Client.Tests;

/// <summary>
/// A host with API keys (a reader, an operator, and a "throttled" operator) and a tiny rate limit: one request per
/// second with a burst of two, so a client sending quickly gets 429 with Retry-After.
/// </summary>
public sealed class KeyedHostFixture : IAsyncLifetime
{
    public const string ReaderKey = "reader-key-0123456789";
    public const string OperatorKey = "operator-key-0123456789";

    public BareMetalHostProcess Host { get; private set; } = null!;

    public BareMetalClient CreateClient(string? key, Action<BareMetalClientOptions>? configure = null, HttpMessageHandler? handler = null)
    {
        var options = new BareMetalClientOptions { BaseAddress = Host.BaseAddress, ApiKey = key };
        configure?.Invoke(options);
        return BareMetalClient.Create(options, handler);
    }

    public async Task InitializeAsync() => Host = await BareMetalHostProcess.StartAsync(new Dictionary<string, string>
    {
        ["BareMetal__Api__Keys__0__Name"] = "reader",
        ["BareMetal__Api__Keys__0__Key"] = ReaderKey,
        ["BareMetal__Api__Keys__0__Role"] = "reader",
        ["BareMetal__Api__Keys__1__Name"] = "operator",
        ["BareMetal__Api__Keys__1__Key"] = OperatorKey,
        ["BareMetal__Api__Keys__1__Role"] = "admin",
        ["BareMetal__Api__RateLimit__PermitsPerSecond"] = "1",
        ["BareMetal__Api__RateLimit__Burst"] = "2",
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
