namespace BareMetal.Cli.Tests;

/// <summary>A host allowing one request per second (burst one): bm gets 429 on back-to-back calls.</summary>
public sealed class ThrottledHostFixture : IAsyncLifetime
{
    public BareMetal.TestInfrastructure.BareMetalHostProcess Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await BareMetal.TestInfrastructure.BareMetalHostProcess.StartAsync(new Dictionary<string, string>
        {
            ["BareMetal__DemoFleet__Nodes"] = "3",
            ["BareMetal__Api__RateLimit__PermitsPerSecond"] = "1",
            ["BareMetal__Api__RateLimit__Burst"] = "1",
        });

        // The demo fleet is enrolled in the background after start; its nodes are the pages the tests read.
        var client = BareMetal.Client.BareMetalClient.Create(new BareMetal.Client.BareMetalClientOptions { BaseAddress = Host.BaseAddress, MaxRetries = 10 });
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await client.Nodes.ListAsync(cancellationToken: deadline.Token)).Items.Count < 3)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
        }
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class OverloadTests(ThrottledHostFixture fixture) : IClassFixture<ThrottledHostFixture>
{
    [Fact]
    public async Task Back_to_back_pages_without_retries_exit_5_with_the_retry_delay()
    {
        // Three pages of one node are three requests within milliseconds; the bucket holds one.
        var result = await BmRunner.RunAsync(
            ["node", "list", "--all", "--limit", "1", "--retries", "0", "-o", "json"],
            new Dictionary<string, string?> { ["BAREMETAL_ENDPOINT"] = fixture.Host.BaseAddress.ToString() });

        Assert.True(result.ExitCode == 5, result.ToString());
        var error = result.Json().GetProperty("error");
        Assert.Equal("overloaded", error.GetProperty("kind").GetString());
        Assert.True(error.GetProperty("retryAfterSeconds").GetDouble() >= 1);
    }

    [Fact]
    public async Task With_retries_the_same_listing_waits_out_the_limit_and_succeeds()
    {
        var result = await BmRunner.RunAsync(
            ["node", "list", "--all", "--limit", "1", "--retries", "5", "-o", "json"],
            new Dictionary<string, string?> { ["BAREMETAL_ENDPOINT"] = fixture.Host.BaseAddress.ToString() });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3, result.Json().GetProperty("items").GetArrayLength());
    }
}
