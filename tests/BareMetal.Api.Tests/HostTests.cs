using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BareMetal.Api.Tests.Infrastructure;

namespace BareMetal.Api.Tests;

/// <summary>The host's health endpoints and its refusal of bad configuration.</summary>
[Collection(ApiHostCollection.Name)]
public sealed class HostTests(ApiHostFixture fixture)
{
    [Fact]
    public async Task Health_endpoints_answer_without_a_key()
    {
        using var client = fixture.Host.Client();
        using var live = await client.GetAsync("health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var ready = await client.GetFromJsonAsync<JsonNode>("health/ready");
        Assert.Equal("ready", (string)ready!["status"]!);
    }

    [Fact]
    public async Task Without_keys_a_non_loopback_address_is_refused_at_start_naming_the_setting()
    {
        await using var host = HostProcess.Start(new Dictionary<string, string> { ["BareMetal:Api:Urls"] = "http://0.0.0.0:0" });
        var exitCode = await host.Exited.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, exitCode);
        Assert.Contains("BareMetal:Api:Keys", host.Output, StringComparison.Ordinal);
        Assert.Contains("0.0.0.0", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_role_is_refused_at_start_naming_the_setting()
    {
        await using var host = HostProcess.Start(new Dictionary<string, string> { ["BareMetal:Role"] = "janitor" });
        Assert.Equal(2, await host.Exited.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("BareMetal:Role", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_weak_api_key_is_refused_at_start_naming_the_setting()
    {
        await using var host = HostProcess.Start(new Dictionary<string, string>
        {
            ["BareMetal:Api:Keys:0:Name"] = "short",
            ["BareMetal:Api:Keys:0:Key"] = "abc",
            ["BareMetal:Api:Keys:0:Role"] = "admin",
        });
        Assert.Equal(2, await host.Exited.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("BareMetal:Api:Keys:0:Key", host.Output, StringComparison.Ordinal);
    }
}
