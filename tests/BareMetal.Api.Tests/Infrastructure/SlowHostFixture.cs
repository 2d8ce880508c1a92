namespace BareMetal.Api.Tests.Infrastructure;

/// <summary>
/// A host whose simulated power actions take long and whose nodes queue at most <see cref="QueueCapacity"/>
/// operations, with a small rate limit: operations stay queued long enough to be cancelled, queues fill, limits bite.
/// Each test uses its own key, because the rate limit is per client.
/// </summary>
public sealed class SlowHostFixture : IAsyncLifetime
{
    public const int QueueCapacity = 2;
    public const int Burst = 20;

    private HostProcess? _host;

    public HostProcess Host => _host ?? throw new InvalidOperationException("The host has not started.");

    /// <summary>The key of client <paramref name="number"/> (0..5), all admins.</summary>
    public static string Key(int number) => $"slow-client-{number}-0123456789";

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["BareMetal:Nodes:QueueCapacity"] = QueueCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BareMetal:Drivers:Simulated:PowerLatency"] = "00:00:20",
            ["BareMetal:Api:RateLimit:PermitsPerSecond"] = "1",
            ["BareMetal:Api:RateLimit:Burst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < 6; i++)
        {
            settings[$"BareMetal:Api:Keys:{i}:Name"] = $"slow-client-{i}";
            settings[$"BareMetal:Api:Keys:{i}:Key"] = Key(i);
            settings[$"BareMetal:Api:Keys:{i}:Role"] = "admin";
        }

        _host = await HostProcess.StartReadyAsync(settings);
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
public sealed class SlowHostCollection : ICollectionFixture<SlowHostFixture>
{
    public const string Name = "SlowHost";
}
