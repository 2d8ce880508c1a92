namespace BareMetal.Api.Tests.Infrastructure;

/// <summary>
/// One host process shared by the tests of <see cref="ApiHostCollection"/>: API keys for each role, fast simulated
/// hardware, no demo fleet. Each test makes its own nodes.
/// </summary>
public sealed class ApiHostFixture : IAsyncLifetime
{
    public const string ReaderKey = "reader-key-0123456789";
    public const string OperatorKey = "operator-key-0123456789";
    public const string AdminKey = "admin-key-0123456789";

    /// <summary>The host's body limit: small, so that tests exceed it cheaply, above the largest single field limit.</summary>
    public const int BodyLimit = 16 * 1024;

    private HostProcess? _host;

    public HostProcess Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync()
    {
        _host = await HostProcess.StartReadyAsync(new Dictionary<string, string>
        {
            ["BareMetal:Api:Keys:0:Name"] = "alice-reader",
            ["BareMetal:Api:Keys:0:Key"] = ReaderKey,
            ["BareMetal:Api:Keys:0:Role"] = "reader",
            ["BareMetal:Api:Keys:1:Name"] = "bob-operator",
            ["BareMetal:Api:Keys:1:Key"] = OperatorKey,
            ["BareMetal:Api:Keys:1:Role"] = "operator",
            ["BareMetal:Api:Keys:2:Name"] = "carol-admin",
            ["BareMetal:Api:Keys:2:Key"] = AdminKey,
            ["BareMetal:Api:Keys:2:Role"] = "admin",
            ["BareMetal:Api:MaxRequestBodyBytes"] = BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BareMetal:Drivers:Simulated:PowerLatency"] = "00:00:00.020",
            ["BareMetal:Drivers:Simulated:ImageWriteLatency"] = "00:00:00.050",
            ["BareMetal:Drivers:Simulated:CleanLatency"] = "00:00:00.020",
            ["BareMetal:Drivers:Simulated:TearDownLatency"] = "00:00:00.020",
            ["BareMetal:Webhooks:FirstRetryDelay"] = "00:00:00.200",
            ["BareMetal:Webhooks:BackoffFactor"] = "1",
        });
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiHostCollection : ICollectionFixture<ApiHostFixture>
{
    public const string Name = "ApiHost";
}
