using BareMetal.TestInfrastructure;

namespace BareMetal.Client.Tests;

/// <summary>One real host process shared by the tests of a class: dev mode (no keys), no rate limit to speak of.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    /// <summary>Deploys take long enough (image write) that a test can act while one runs.</summary>
    public static readonly TimeSpan ImageWrite = TimeSpan.FromSeconds(1.5);

    public BareMetalHostProcess Host { get; private set; } = null!;

    public BareMetalClient CreateClient(Action<BareMetalClientOptions>? configure = null, HttpMessageHandler? handler = null)
    {
        var options = new BareMetalClientOptions { BaseAddress = Host.BaseAddress };
        configure?.Invoke(options);
        return BareMetalClient.Create(options, handler);
    }

    public async Task InitializeAsync() => Host = await BareMetalHostProcess.StartAsync(new Dictionary<string, string>
    {
        ["BareMetal__Drivers__Simulated__ImageWriteLatency"] = ImageWrite.ToString(),
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
