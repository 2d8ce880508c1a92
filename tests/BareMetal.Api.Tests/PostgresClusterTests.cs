using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BareMetal.Api.Tests.Infrastructure;
using BareMetal.TestInfrastructure;

namespace BareMetal.Api.Tests;

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "Api on PostgreSQL";
}

/// <summary>Two silo processes on one PostgreSQL database, each serving the API: either gateway sees and drives the same fleet.</summary>
[Collection(PostgresCollection.Name)]
[NeedsPostgres]
public sealed class PostgresClusterTests(PostgresServer postgres)
{
    [Fact]
    public async Task Two_silos_serve_one_fleet_through_either_gateway()
    {
        var database = await postgres.CreateDatabaseAsync();
        var secret = Guid.NewGuid().ToString("N");
        Dictionary<string, string> Settings(string name) => new()
        {
            ["BareMetal:Database:Provider"] = "Postgres",
            ["BareMetal:Database:ConnectionString"] = database,
            ["BareMetal:Clustering:Enabled"] = "true",
            ["BareMetal:Endpoints:SiloPort"] = "0",
            ["BareMetal:Endpoints:GatewayPort"] = "0",
            ["BareMetal:Silo:SiloName"] = name,
            ["BareMetal:Transport:ClusterSecret"] = secret,
            ["BareMetal:Drivers:Simulated:ImageWriteLatency"] = "00:00:00.050",
        };

        await using var first = await HostProcess.StartReadyAsync(Settings("silo-a"));
        await using var second = await HostProcess.StartReadyAsync(Settings("silo-b"));
        using var a = first.Client();
        using var b = second.Client();

        var id = await a.CreateNodeAsync("pg");
        await b.ActAndWaitAsync(id, "manage");
        await a.ActAndWaitAsync(id, "provide");
        // The node completes its operation before it records its own new state (a known ordering gap of the node
        // grain), so across silos the node may still read "cleaning" for a moment after the operation succeeded.
        await WaitForStateAsync(b, id, "available");

        // An idempotency key is the cluster's, not one gateway's: a retry through the other gateway replays.
        var key = Guid.NewGuid().ToString("N");
        var body = """{"parameters":{"image_source":"http://images/ubuntu.qcow2"}}""";
        var (firstStatus, firstBody) = await PostAsync(a, $"api/nodes/{id}/actions/deploy", key, body);
        var (secondStatus, secondBody) = await PostAsync(b, $"api/nodes/{id}/actions/deploy", key, body);
        Assert.Equal(HttpStatusCode.Accepted, firstStatus);
        Assert.Equal(HttpStatusCode.Accepted, secondStatus);
        Assert.Equal(firstBody, secondBody);
        var deployed = await b.WaitForOperationAsync((string)JsonNode.Parse(firstBody)!["operation"]!["id"]!);
        Assert.Equal("succeeded", (string)deployed["status"]!);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var page = await b.GetFromJsonAsync<JsonNode>("api/nodes?provisionState=active");
            if (page!["items"]!.AsArray().Any(n => (string?)n!["id"] == id))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "The node never appeared as active in the other gateway's listing.");
            await Task.Delay(100);
        }
    }

    private static async Task WaitForStateAsync(HttpClient client, string id, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((string)(await client.GetNodeAsync(id))["provisionState"]! != state)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The node never reached {state}.");
            await Task.Delay(20);
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient client, string path, string key, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = ApiCalls.Json(body) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
