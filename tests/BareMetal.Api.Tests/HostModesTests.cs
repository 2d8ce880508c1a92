using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BareMetal.Api.Tests.Infrastructure;

namespace BareMetal.Api.Tests;

/// <summary>The embedded demo fleet across restarts, and the gateway-only role over a separate silo process.</summary>
public sealed class HostModesTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task The_demo_fleet_is_created_once_and_kept_across_a_restart()
    {
        var data = Path.Combine(Path.GetTempPath(), "baremetal-api-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        try
        {
            var settings = new Dictionary<string, string> { ["BareMetal:DemoFleet:Nodes"] = "4" };
            List<string> first;
            await using (var host = await HostProcess.StartReadyAsync(settings, data))
            {
                using var client = host.Client();
                first = await WaitForAvailableNodesAsync(client, 4);
                using (var delete = await client.DeleteAsync("api/nodes/demo-004"))
                {
                    Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
                }

                await host.StopAsync();
            }

            await using var restarted = await HostProcess.StartReadyAsync(settings, data);
            using var again = restarted.Client();
            var names = (await WaitForAvailableNodesAsync(again, 3)).Order().ToList();
            Assert.Equal(["demo-001", "demo-002", "demo-003"], names);
            Assert.Equal(first.Order().Take(3), names);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_gateway_only_host_serves_the_api_through_a_silo_in_another_process()
    {
        var secret = Guid.NewGuid().ToString("N");
        await using var silo = await HostProcess.StartReadyAsync(new Dictionary<string, string>
        {
            ["BareMetal:Role"] = "silo",
            ["BareMetal:Clustering:Enabled"] = "true",
            ["BareMetal:Endpoints:SiloPort"] = "0",
            ["BareMetal:Endpoints:GatewayPort"] = "0",
            ["BareMetal:Transport:ClusterSecret"] = secret,
        });
        Assert.True(silo.GatewayPort > 0, silo.Output);
        using (var siloClient = silo.Client())
        using (var noApi = await siloClient.GetAsync("api/nodes"))
        {
            Assert.Equal(HttpStatusCode.NotFound, noApi.StatusCode);
        }

        await using var gateway = await HostProcess.StartReadyAsync(new Dictionary<string, string>
        {
            ["BareMetal:Role"] = "gateway",
            ["BareMetal:Client:Gateways:0"] = $"127.0.0.1:{silo.GatewayPort}",
            ["BareMetal:Transport:ClusterSecret"] = secret,
        });
        using var client = gateway.Client();
        await WaitReadyAsync(client);
        var id = await client.CreateNodeAsync("via-gateway");
        await client.ActAndWaitAsync(id, "manage");
        Assert.Equal("manageable", (string)(await client.GetNodeAsync(id))["provisionState"]!);
    }

    private static async Task WaitReadyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + s_deadline;
        while (true)
        {
            using var ready = await client.GetAsync("health/ready");
            if (ready.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.True(DateTime.UtcNow < deadline, "The gateway never became ready.");
            await Task.Delay(100);
        }
    }

    /// <summary>The names of the available nodes once there are <paramref name="count"/> (the index follows the nodes asynchronously).</summary>
    private static async Task<List<string>> WaitForAvailableNodesAsync(HttpClient client, int count)
    {
        var deadline = DateTime.UtcNow + s_deadline;
        while (true)
        {
            var page = await client.GetFromJsonAsync<JsonNode>("api/nodes?provisionState=available");
            var names = page!["items"]!.AsArray().Select(n => (string)n!["name"]!).ToList();
            if (names.Count == count || DateTime.UtcNow > deadline)
            {
                Assert.Equal(count, names.Count);
                return names;
            }

            await Task.Delay(100);
        }
    }
}
