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

    [Fact]
    public async Task Without_keys_a_kestrel_endpoint_on_all_interfaces_is_refused_at_start_naming_the_setting()
    {
        // Kestrel's own endpoint setting replaces BareMetal:Api:Urls (which the test host sets to loopback).
        await using var host = HostProcess.Start(new Dictionary<string, string>
        {
            ["Kestrel:Endpoints:Http:Url"] = $"http://0.0.0.0:{FreeTcpPort.Next()}",
        });
        var exitCode = await host.Exited.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode != 0, $"The host exited with {exitCode}:\n{host.Output}");
        Assert.Contains("Kestrel:Endpoints:Http:Url", host.Output, StringComparison.Ordinal);
        Assert.Contains("0.0.0.0", host.Output, StringComparison.Ordinal);
        Assert.Contains("BareMetal:Api:Keys", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("loopback only", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_max_probe_timeout_below_the_probe_timeout_is_refused_at_start_naming_both()
    {
        await using var host = HostProcess.Start(new Dictionary<string, string>
        {
            ["BareMetal:Membership:ProbeTimeout"] = "00:00:02",
            ["BareMetal:Membership:MaxProbeTimeout"] = "00:00:01",
        });
        var exitCode = await host.Exited.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 2, $"The host exited with {exitCode}:\n{host.Output}");
        Assert.Contains("BareMetal:Membership", host.Output, StringComparison.Ordinal);
        Assert.Contains("MaxProbeTimeout", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_cache_size_below_one_is_refused_at_start_naming_the_setting()
    {
        await using var host = HostProcess.Start(new Dictionary<string, string> { ["BareMetal:Directory:CacheSize"] = "0" });
        var exitCode = await host.Exited.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 2, $"The host exited with {exitCode}:\n{host.Output}");
        Assert.Contains("BareMetal:Directory:CacheSize must be at least 1 (was 0)", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_directory_consistency_is_refused_at_start_naming_the_setting()
    {
        await using var host = HostProcess.Start(new Dictionary<string, string> { ["BareMetal:Directory:Consistency"] = "sometimes" });
        var exitCode = await host.Exited.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 2, $"The host exited with {exitCode}:\n{host.Output}");
        Assert.Contains("BareMetal:Directory:Consistency must be eventual or strong (was 'sometimes')", host.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("soon")]
    public async Task A_negative_or_unreadable_directory_lease_is_refused_at_start_naming_the_setting(string lease)
    {
        await using var host = HostProcess.Start(new Dictionary<string, string>
        {
            ["BareMetal:Directory:Consistency"] = "strong",
            ["BareMetal:Directory:RangeLeaseDuration"] = lease,
        });
        var exitCode = await host.Exited.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 2, $"The host exited with {exitCode}:\n{host.Output}");
        Assert.Contains($"BareMetal:Directory:RangeLeaseDuration must be a duration of zero or more, such as 00:00:05 (was '{lease}')", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_the_strongly_consistent_directory_a_node_is_enrolled_and_its_actions_run_to_their_end()
    {
        await using var host = await HostProcess.StartReadyAsync(new Dictionary<string, string> { ["BareMetal:Directory:Consistency"] = "strong" });
        using var client = host.Client();
        var nodeId = await client.CreateNodeAsync("strong-directory");
        await client.ActAndWaitAsync(nodeId, "manage");
        await client.ActAndWaitAsync(nodeId, "power-on");
        await client.ActAndWaitAsync(nodeId, "power-off");
        Assert.Equal("power off", (string)(await client.GetNodeAsync(nodeId))["powerState"]!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("short-secret-0123456789")]
    public async Task A_missing_or_short_cluster_secret_is_refused_when_the_silo_listens_beyond_loopback(string secret)
    {
        await using var host = HostProcess.Start(new Dictionary<string, string>
        {
            ["BareMetal:Api:Keys:0:Name"] = "admin",
            ["BareMetal:Api:Keys:0:Key"] = ApiHostFixture.AdminKey,
            ["BareMetal:Api:Keys:0:Role"] = "admin",
            ["BareMetal:Endpoints:ListenAddress"] = "0.0.0.0",
            ["BareMetal:Transport:ClusterSecret"] = secret,
        });
        var exitCode = await host.Exited.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 2, $"The host exited with {exitCode}:\n{host.Output}");
        Assert.Contains("BareMetal:Transport:ClusterSecret", host.Output, StringComparison.Ordinal);
        Assert.Contains("32", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret.Trim() is { Length: > 0 } shown ? shown : "never-printed", host.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short-secret-0123456789")]
    public async Task A_gateway_host_refuses_a_missing_or_short_secret_for_gateways_beyond_loopback(string secret)
    {
        await using var host = HostProcess.Start(new Dictionary<string, string>
        {
            ["BareMetal:Role"] = "gateway",
            ["BareMetal:Client:Gateways:0"] = "10.255.255.1:30000",
            ["BareMetal:Client:ClusterSecret"] = secret,
        });
        var exitCode = await host.Exited.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 2, $"The host exited with {exitCode}:\n{host.Output}");
        Assert.Contains("BareMetal:Client:ClusterSecret", host.Output, StringComparison.Ordinal);
        Assert.Contains("10.255.255.1:30000", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_sent_in_the_query_string_never_reaches_the_log()
    {
        const string Leaked = "leaked-key-0123456789abcdef";
        await using var host = await HostProcess.StartReadyAsync(new Dictionary<string, string>
        {
            ["BareMetal:Api:Keys:0:Name"] = "admin",
            ["BareMetal:Api:Keys:0:Key"] = Leaked,
            ["BareMetal:Api:Keys:0:Role"] = "admin",
            // Everything ASP.NET Core and BareMetal say about requests.
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Logging:LogLevel:Orleans"] = "Warning",
        });
        using var client = host.Client();
        using var native = await client.GetAsync($"api/nodes?limit=5&api_key={Leaked}");
        using var ironic = await client.GetAsync($"v1/nodes?token={Leaked}");
        Assert.Equal(HttpStatusCode.Unauthorized, native.StatusCode);

        // The request log's lines for both requests, with the values masked, are the sign that everything was logged.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(host.Output.Contains("/api/nodes?limit=5&api_key=***", StringComparison.Ordinal) && host.Output.Contains("/v1/nodes?token=***", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The request log did not show both requests:\n{host.Output}");
            await Task.Delay(50);
        }

        Assert.DoesNotContain(Leaked, host.Output, StringComparison.Ordinal);
    }
}
